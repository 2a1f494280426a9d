package dev.jemception.runtime;

import dev.jemception.runtime.cache.Caches;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Optional;
import java.util.jar.JarEntry;

/**
 * A large class-path resource (a pack, a wasm module) as a file of its own. A resource in a jar is
 * copied once per machine into {@code <cache>/resources/<CRC-32>-<size>/}, keyed by its entry in
 * the jar's directory (nothing is inflated to find the copy), so that a later JVM maps the file or
 * hands it to native code instead of inflating the entry into the heap again: 0.5 s for LLVM's
 * 75 MB module, 0.7–0.9 s for Emscripten's 104 MB cache pack, in every fresh JVM. A resource that
 * is a file already (a class directory) is used where it lies.
 */
public final class ResourceFile {
    private ResourceFile() {}

    /**
     * The file holding {@code owner}'s resource {@code name}, or empty when there is none or it
     * cannot be had as a file (the cache cannot be written, a class loader with other URLs): the
     * caller then reads the resource itself.
     */
    public static Optional<Path> of(Class<?> owner, String name) {
        URL url = owner.getResource(name);
        return url == null ? Optional.empty() : of(url, Caches.defaultDirectory().resolve("resources"));
    }

    /** The file holding the resource at {@code url}, copied into {@code copies} when it lies in a jar. */
    static Optional<Path> of(URL url, Path copies) {
        try {
            if (url.getProtocol().equals("file")) {
                return Optional.of(Path.of(url.toURI()));
            }
            if (url.openConnection() instanceof JarURLConnection jar) {
                JarEntry entry = jar.getJarEntry();
                if (entry.getCrc() >= 0 && entry.getSize() >= 0) {
                    return Optional.of(copied(url, entry, copies));
                }
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            // a read-only home, a full disk: the caller reads the resource from the class path
        }
        return Optional.empty();
    }

    /**
     * The bytes of {@code owner}'s resource {@code name}: its file mapped read-only where it has
     * one (outside the heap, read on demand), else read from the class path.
     *
     * @throws IOException when there is no such resource, or it cannot be read
     */
    public static ByteBuffer bytes(Class<?> owner, String name) throws IOException {
        Optional<Path> file = of(owner, name);
        if (file.isPresent()) {
            try (var channel = FileChannel.open(file.get(), StandardOpenOption.READ)) {
                return channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
            }
        }
        return ByteBuffer.wrap(readFromClassPath(owner, name));
    }

    /**
     * The bytes of {@code owner}'s resource {@code name} in the heap: read from its file where it
     * has one (not inflated again), else from the class path.
     *
     * @throws IOException when there is no such resource, or it cannot be read
     */
    public static byte[] readAllBytes(Class<?> owner, String name) throws IOException {
        Optional<Path> file = of(owner, name);
        return file.isPresent() ? Files.readAllBytes(file.get()) : readFromClassPath(owner, name);
    }

    /**
     * The bytes of {@code owner}'s resource {@code name} read from the class path, for a caller
     * whose {@link #of} came back empty (it does not try to copy the resource again).
     *
     * @throws IOException when there is no such resource, or it cannot be read
     */
    public static byte[] readFromClassPath(Class<?> owner, String name) throws IOException {
        try (InputStream in = owner.getResourceAsStream(name)) {
            if (in == null) {
                throw new FileNotFoundException(owner.getPackageName().replace('.', '/') + "/" + name
                        + " is not on the class path (was the project built?)");
            }
            return in.readAllBytes();
        }
    }

    private static Path copied(URL url, JarEntry entry, Path copies) throws IOException {
        String key = String.format(Locale.ROOT, "%08x-%d", entry.getCrc(), entry.getSize());
        String fileName = entry.getName().substring(entry.getName().lastIndexOf('/') + 1);
        Path file = copies.resolve(key).resolve(fileName);
        if (Files.isRegularFile(file) && Files.size(file) == entry.getSize()) {
            return file;
        }
        Files.createDirectories(file.getParent());
        // Another JVM may copy it at the same time: each writes a file of its own, then moves it in whole.
        Path temp = Files.createTempFile(file.getParent(), fileName, ".tmp");
        try {
            try (InputStream in = url.openStream()) {
                Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
            }
            if (Files.size(temp) != entry.getSize()) {
                throw new IOException("the copy of " + url + " is " + Files.size(temp) + " bytes, not " + entry.getSize());
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
        return file;
    }
}

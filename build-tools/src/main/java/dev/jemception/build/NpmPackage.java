package dev.jemception.build;

import dev.jemception.runtime.Hashing;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A pinned npm package: fetched by the machine's own npm client (so its configured registry,
 * proxy and auth apply), checked against the pinned integrity hash, and kept in a user-level
 * cache keyed by that hash so a rebuild downloads nothing.
 */
public record NpmPackage(String name, String version, String integrity) {

    public NpmPackage {
        if (!integrity.startsWith("sha512-")) {
            throw new IllegalArgumentException("integrity must be an npm sha512 SRI string: " + integrity);
        }
    }

    public String spec() {
        return name + "@" + version;
    }

    /** Returns the verified tarball, fetching it into {@code cacheDir/npm} if it is not there yet. */
    public Path fetch(Path cacheDir) throws IOException {
        byte[] expected = Base64.getDecoder().decode(integrity.substring("sha512-".length()));
        Path cached = cacheDir.resolve("npm").resolve(HexFormat.of().formatHex(expected, 0, 16) + ".tgz");
        if (Files.isRegularFile(cached) && matches(cached, expected)) {
            return cached;
        }
        Files.createDirectories(cached.getParent());
        Path tmp = Files.createTempDirectory(cached.getParent(), "fetch-");
        try {
            log("fetching " + spec() + " with npm");
            runNpmPack(tmp);
            Path tarball;
            try (var files = Files.list(tmp)) {
                tarball = files.filter(p -> p.toString().endsWith(".tgz"))
                        .findFirst()
                        .orElseThrow(() -> new IOException("npm pack " + spec() + " produced no tarball"));
            }
            if (!matches(tarball, expected)) {
                throw new IOException("integrity check failed for " + spec() + ": the registry's tarball does"
                        + " not match the pinned hash " + integrity);
            }
            Files.move(tarball, cached, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return cached;
        } finally {
            deleteTree(tmp);
        }
    }

    /**
     * Extracts the entries of the fetched tarball that {@code select} accepts (paths as in the
     * tarball, e.g. {@code package/gen/llvm.core.wasm}) into {@code target}, which is replaced;
     * nothing is done if {@code target} already holds an extraction of this same tarball.
     */
    public void extract(Path tarball, Path target, Predicate<String> select) throws IOException {
        Path marker = target.resolve(".extracted-from");
        if (Files.isRegularFile(marker) && Files.readString(marker).equals(tarball.getFileName().toString())) {
            return;
        }
        deleteTree(target);
        Files.createDirectories(target);
        try (InputStream in = new GZIPInputStream(Files.newInputStream(tarball), 1 << 16);
                var tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (!entry.isFile() || !select.test(entry.getName())) {
                    continue;
                }
                Path out = target.resolve(entry.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("unsafe path in " + spec() + ": " + entry.getName());
                }
                Files.createDirectories(out.getParent());
                Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.writeString(marker, tarball.getFileName().toString());
    }

    private void runNpmPack(Path dir) throws IOException {
        String npm = System.getProperty("os.name").startsWith("Windows") ? "npm.cmd" : "npm";
        var pb = new ProcessBuilder(npm, "pack", spec(), "--silent", "--pack-destination", dir.toString())
                .directory(dir.toFile())
                .redirectErrorStream(true);
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new IOException("npm is needed to fetch " + spec() + " (install Node.js with npm): "
                    + e.getMessage(), e);
        }
        String output = new String(process.getInputStream().readAllBytes());
        try {
            if (process.waitFor() != 0) {
                throw new IOException("npm pack " + spec() + " failed:\n" + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + spec(), e);
        }
    }

    private static boolean matches(Path file, byte[] expectedSha512) throws IOException {
        return MessageDigest.isEqual(expectedSha512, Hashing.digest("SHA-512", file));
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void log(String message) {
        System.out.println("[jemception build] " + message);
    }
}

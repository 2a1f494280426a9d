package dev.jemception.runtime.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link ResultStore} in a directory of the host ({@code ac/} and {@code cas/}, as Bazel's
 * HTTP cache lays them out), shared by every JVM of the user: values are written to a temporary
 * file and moved into place, reading one marks it used, and when the directory grows past its cap
 * the least recently used files go until it is at 80%.
 */
public final class DiskResultStore implements ResultStore {
    private final Path dir;
    private final long maxBytes;
    private final AtomicLong size = new AtomicLong(-1); // unknown until first measured

    public DiskResultStore(Path dir, long maxBytes) {
        this.dir = dir;
        this.maxBytes = maxBytes;
    }

    public Path directory() {
        return dir;
    }

    public long maxBytes() {
        return maxBytes;
    }

    @Override
    public Optional<byte[]> getAction(String key) throws IOException {
        return read(path("ac", key));
    }

    @Override
    public void putAction(String key, byte[] entry) throws IOException {
        write(path("ac", key), entry);
    }

    @Override
    public Optional<byte[]> getBlob(String sha256) throws IOException {
        return read(path("cas", sha256));
    }

    @Override
    public void putBlob(String sha256, byte[] content) throws IOException {
        Path p = path("cas", sha256);
        if (Files.exists(p)) {
            touch(p);
            return;
        }
        write(p, content);
    }

    private Path path(String kind, String hash) {
        if (!hash.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a SHA-256: " + hash);
        }
        return dir.resolve(kind).resolve(hash.substring(0, 2)).resolve(hash);
    }

    private static Optional<byte[]> read(Path p) throws IOException {
        try {
            byte[] bytes = Files.readAllBytes(p);
            touch(p);
            return Optional.of(bytes);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private static void touch(Path p) {
        try {
            Files.setLastModifiedTime(p, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException ignored) {
            // evicted meanwhile, or read-only: the value was still read
        }
    }

    private void write(Path p, byte[] bytes) throws IOException {
        Files.createDirectories(p.getParent());
        Path tmp = p.resolveSibling(p.getFileName() + "." + ThreadLocalRandom.current().nextLong(Long.MAX_VALUE) + ".tmp");
        Files.write(tmp, bytes);
        try {
            Files.move(tmp, p, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        if (size.get() < 0) {
            size.compareAndSet(-1, stats().bytes());
        } else {
            size.addAndGet(bytes.length);
        }
        if (size.get() > maxBytes) {
            evict();
        }
    }

    /** Deletes the least recently used files until the store is at 80% of its cap. */
    private synchronized void evict() throws IOException {
        record Item(Path path, long size, long used) {}
        List<Item> items = new ArrayList<>();
        walk((p, attrs) -> items.add(new Item(p, attrs.size(), attrs.lastModifiedTime().toMillis())));
        long total = items.stream().mapToLong(Item::size).sum();
        items.sort(Comparator.comparingLong(Item::used));
        for (Item item : items) {
            if (total <= maxBytes * 8 / 10) {
                break;
            }
            Files.deleteIfExists(item.path());
            total -= item.size();
        }
        size.set(total);
    }

    /** Entries, blobs and bytes on disk now. */
    public record Stats(long actions, long blobs, long bytes) {}

    public Stats stats() {
        long[] counts = new long[3];
        try {
            walk((p, attrs) -> {
                counts[p.startsWith(dir.resolve("ac")) ? 0 : 1]++;
                counts[2] += attrs.size();
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Stats(counts[0], counts[1], counts[2]);
    }

    /** Deletes every entry and blob. */
    public synchronized void clear() throws IOException {
        walk((p, attrs) -> {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        size.set(0);
    }

    private interface FileVisitor {
        void visit(Path p, BasicFileAttributes attrs);
    }

    private void walk(FileVisitor visitor) throws IOException {
        for (String kind : List.of("ac", "cas")) {
            Path root = dir.resolve(kind);
            if (!Files.isDirectory(root)) {
                continue;
            }
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (!file.getFileName().toString().endsWith(".tmp")) {
                        visitor.visit(file, attrs);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    return FileVisitResult.CONTINUE; // evicted by another process meanwhile
                }
            });
        }
    }
}

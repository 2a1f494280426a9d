package dev.jemception.python.internal;

import dev.jemception.runtime.ProcessContext;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.graalvm.polyglot.HostAccess;

/**
 * Real locks for emcc's {@code tools/filelock.py} (GraalPy's {@code fcntl.flock} does nothing): a
 * lock file is held by one process of this JVM at a time (a table of holders) and by one JVM at
 * a time (an OS lock on the file when it is on the host, as Emscripten's cache on disk is). What
 * a Python process still holds when it ends is released then.
 */
public final class FileLocks implements AutoCloseable {
    /** Lock files held in this JVM, by absolute VFS path, and who holds them. */
    private static final Map<String, FileLocks> HOLDERS = new ConcurrentHashMap<>();

    private final ProcessContext process;
    private final Map<String, FileLock> held = new HashMap<>();

    FileLocks(ProcessContext process) {
        this.process = process;
    }

    /** Takes the lock on {@code path} if it is free; false when another process holds it. */
    @HostAccess.Export
    public synchronized boolean tryLock(String path) throws IOException {
        Path file = process.fs().getPath(process.cwd()).resolve(path).normalize();
        String key = file.toString();
        if (held.containsKey(key) || HOLDERS.putIfAbsent(key, this) != null) {
            return false;
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock(); // another JVM's lock on the same host file makes this null
        } catch (IOException | RuntimeException e) {
            channel.close();
            HOLDERS.remove(key, this);
            throw e;
        }
        if (lock == null) {
            channel.close();
            HOLDERS.remove(key, this);
            return false;
        }
        held.put(key, lock);
        return true;
    }

    @HostAccess.Export
    public synchronized void unlock(String path) throws IOException {
        String key = process.fs().getPath(process.cwd()).resolve(path).normalize().toString();
        FileLock lock = held.remove(key);
        if (lock != null) {
            try {
                lock.acquiredBy().close(); // closing the channel releases the OS lock
            } finally {
                HOLDERS.remove(key, this);
            }
        }
    }

    /** Releases whatever the process still holds (it ended, or was cancelled). */
    @Override
    public synchronized void close() throws IOException {
        for (String key : Map.copyOf(held).keySet()) {
            unlock(key);
        }
    }
}

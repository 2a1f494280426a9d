package dev.jemception.runtime.internal;

import dev.jemception.vfs.FileAccessListener;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a command changed in host directories, kept until it ends: the content a file had before the
 * command first touched it, or that it did not exist. A cancelled command is rolled back, so it
 * leaves no half-written output and loses nothing the user had.
 */
public final class HostJournal implements FileAccessListener {
    /** Before-state of one path: {@code content} null means it did not exist (or was a directory). */
    private record Before(boolean existed, boolean directory, byte[] content) {}

    private final FileSystem fs;
    private final Map<String, Before> before = new LinkedHashMap<>();

    public HostJournal(FileSystem fs) {
        this.fs = fs;
    }

    @Override
    public synchronized void willModify(String path, Origin origin) {
        if (origin != Origin.HOST || before.containsKey(path)) {
            return;
        }
        Path p = fs.getPath(path);
        try {
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                before.put(path, new Before(true, true, null));
            } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                before.put(path, new Before(true, false, Files.readAllBytes(p)));
            } else {
                before.put(path, new Before(Files.exists(p, LinkOption.NOFOLLOW_LINKS), false, null));
            }
        } catch (IOException e) {
            before.put(path, new Before(true, false, null)); // unreadable: leave it alone on rollback
        }
    }

    /** Puts every touched host path back as it was: contents restored, what it created removed (deepest first). */
    public synchronized void rollback() {
        List<Map.Entry<String, Before>> changes = new ArrayList<>(before.entrySet());
        // children before their parents, whatever order the command made them in
        changes.sort(Comparator.comparingInt((Map.Entry<String, Before> e) -> e.getKey().length()).reversed());
        for (var change : changes) {
            Path p = fs.getPath(change.getKey());
            Before b = change.getValue();
            try {
                if (!b.existed()) {
                    if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                        try (var entries = Files.list(p)) {
                            if (entries.findAny().isPresent()) {
                                continue; // holds files that were there before: keep it
                            }
                        }
                    }
                    Files.deleteIfExists(p);
                } else if (b.content() != null) {
                    Files.write(p, b.content());
                }
            } catch (IOException e) {
                // best effort: the rest still gets restored
            }
        }
        before.clear();
    }
}

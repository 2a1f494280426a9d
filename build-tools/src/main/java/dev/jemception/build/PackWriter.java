package dev.jemception.build;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.encoder.Encoder;
import dev.jemception.packs.PackFormat;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes a pack (see {@link PackFormat}): the files grouped into segments of about
 * {@value #SEGMENT_TARGET} bytes, each segment a tar compressed with brotli on its own so a
 * reader decompresses only the segments whose files a program opens.
 */
public final class PackWriter {
    static final int SEGMENT_TARGET = 1 << 20;

    private record Entry(String path, int mode, byte[] data, String linkTarget, boolean directory) {}

    private final Map<String, Entry> entries = new TreeMap<>();
    private final int quality;

    /** A writer compressing at brotli {@code quality} (0..11: 11 packs smallest, 5 packs fast). */
    public PackWriter(int quality) {
        this.quality = quality;
    }

    /** Adds every entry of a tar archive, renamed by {@code rename} (return null to skip one). */
    public PackWriter addTar(Path tarFile, UnaryOperator<String> rename) throws IOException {
        try (InputStream in = Files.newInputStream(tarFile);
                var tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                String path = rename.apply(PackFormat.normalize(e.getName()));
                if (path == null || path.isEmpty()) {
                    continue;
                }
                int mode = e.getMode() & 07777;
                if (e.isDirectory()) {
                    addDirectory(path, mode == 0 ? 0755 : mode);
                } else if (e.isSymbolicLink()) {
                    addSymlink(path, e.getLinkName());
                } else if (e.isFile()) {
                    addFile(path, mode == 0 ? 0644 : mode, tar.readAllBytes());
                }
            }
        }
        return this;
    }

    /** Adds every file below a host directory, under {@code prefix}. */
    public PackWriter addDirectoryTree(Path dir, String prefix) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                String rel = dir.relativize(f).toString().replace('\\', '/');
                addFile(prefix.isEmpty() ? rel : prefix + "/" + rel, Files.isExecutable(f) ? 0755 : 0644, Files.readAllBytes(f));
            }
        }
        return this;
    }

    public PackWriter addFile(String path, int mode, byte[] data) {
        addParents(path);
        entries.put(path, new Entry(path, mode, data, null, false));
        return this;
    }

    /** The paths added so far, sorted. */
    public Set<String> paths() {
        return Collections.unmodifiableSet(entries.keySet());
    }

    /** The target of a symlink added before, or null when {@code path} is not one. */
    public String linkTarget(String path) {
        Entry e = entries.get(path);
        return e == null ? null : e.linkTarget;
    }

    /** Whether {@code path} is a regular file added before. */
    public boolean isFile(String path) {
        Entry e = entries.get(path);
        return e != null && e.data != null;
    }

    /** The text of a file added before. */
    public String text(String path) throws IOException {
        Entry e = entries.get(path);
        if (e == null || e.data == null) {
            throw new IOException("no file " + path + " in the pack being written");
        }
        return new String(e.data, StandardCharsets.UTF_8);
    }

    /** Replaces the one occurrence of {@code expected} in a file added before; fails if it is not there once. */
    public PackWriter replaceInFile(String path, String expected, String replacement) throws IOException {
        String text = text(path);
        int at = text.indexOf(expected);
        if (at < 0 || text.indexOf(expected, at + 1) >= 0) {
            throw new IOException(path + " does not contain exactly one `" + expected.strip() + "`: the payload changed");
        }
        String patched = text.substring(0, at) + replacement + text.substring(at + expected.length());
        return addFile(path, entries.get(path).mode, patched.getBytes(StandardCharsets.UTF_8));
    }

    public PackWriter addDirectory(String path, int mode) {
        addParents(path);
        entries.put(path, new Entry(path, mode, null, null, true));
        return this;
    }

    public PackWriter addSymlink(String path, String target) {
        addParents(path);
        entries.put(path, new Entry(path, 0777, null, target, false));
        return this;
    }

    private void addParents(String path) {
        for (int i = path.indexOf('/'); i > 0; i = path.indexOf('/', i + 1)) {
            entries.putIfAbsent(path.substring(0, i), new Entry(path.substring(0, i), 0755, null, null, true));
        }
    }

    /** Writes the pack to {@code target} atomically. */
    public void write(Path target) throws IOException {
        Brotli4jLoader.ensureAvailability();
        var index = new StringBuilder();
        var data = new ByteArrayOutputStream();
        List<Entry> pending = new ArrayList<>();
        long pendingBytes = 0;
        int segment = 0;
        for (Entry e : entries.values()) {
            if (e.directory) {
                index.append(PackFormat.line("dir", Integer.toOctalString(e.mode), e.path));
            } else if (e.linkTarget != null) {
                index.append(PackFormat.line("link", e.linkTarget, e.path));
            } else {
                if (!pending.isEmpty() && pendingBytes + e.data.length > SEGMENT_TARGET) {
                    writeSegment(pending, data, index);
                    pending.clear();
                    pendingBytes = 0;
                    segment++;
                }
                pending.add(e);
                pendingBytes += e.data.length;
                index.append(PackFormat.line("file", Integer.toOctalString(e.mode), Long.toString(e.data.length),
                        Integer.toString(segment), e.path));
            }
        }
        if (!pending.isEmpty()) {
            writeSegment(pending, data, index);
        }
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), target.getFileName().toString(), ".tmp");
        try (OutputStream file = Files.newOutputStream(tmp);
                var out = new DataOutputStream(file)) {
            byte[] indexBytes = index.toString().getBytes(StandardCharsets.UTF_8);
            out.write(PackFormat.MAGIC);
            out.writeInt(indexBytes.length);
            out.write(indexBytes);
            data.writeTo(out);
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private void writeSegment(List<Entry> files, ByteArrayOutputStream data, StringBuilder index)
            throws IOException {
        var tarBytes = new ByteArrayOutputStream();
        try (var tar = new TarArchiveOutputStream(tarBytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Entry e : files) {
                var te = new TarArchiveEntry(e.path);
                te.setSize(e.data.length);
                te.setMode(e.mode);
                tar.putArchiveEntry(te);
                tar.write(e.data);
                tar.closeArchiveEntry();
            }
        }
        byte[] compressed = Encoder.compress(tarBytes.toByteArray(),
                new Encoder.Parameters().setQuality(quality).setWindow(24));
        index.append(PackFormat.line("segment", Long.toString(data.size()), Integer.toString(compressed.length)));
        data.write(compressed);
    }
}

package dev.jemception.packs;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.decoder.Decoder;
import dev.jemception.runtime.Hashing;
import dev.jemception.runtime.ResourceFile;
import dev.jemception.vfs.ReadOnlyTree;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.SoftReference;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A pack opened for reading: the index is read when the pack is opened, each segment is
 * decompressed the first time a file in it is read, and kept while memory allows. Thread-safe;
 * one instance serves every session of the JVM.
 */
public final class Pack implements ReadOnlyTree {

    private record FileRef(int segment) {}

    private final String name;
    /** The whole pack: a file mapped read-only, or bytes in the heap. */
    private final ByteBuffer packBytes;
    private volatile String contentHash;
    private final int dataStart;
    private final Map<String, Node> nodes = new HashMap<>();
    private final Map<String, List<String>> children = new HashMap<>();
    private final Map<String, FileRef> files = new HashMap<>();
    private final long[] segmentOffsets;
    private final int[] segmentLengths;
    private final AtomicReferenceArray<SoftReference<Map<String, ByteBuffer>>> segments;

    private Pack(String name, ByteBuffer packBytes) throws PackException {
        this.name = name;
        this.packBytes = packBytes;
        List<long[]> segs = new ArrayList<>();
        try {
            byte[] magic = new byte[PackFormat.MAGIC.length];
            packBytes.get(0, magic);
            if (!Arrays.equals(magic, PackFormat.MAGIC)) {
                throw new PackException(name, "not a jemception pack (bad header)");
            }
            int indexLength = packBytes.getInt(magic.length); // big-endian, as DataOutputStream wrote it
            if (indexLength < 0 || indexLength > packBytes.capacity() - magic.length - 4) {
                throw new PackException(name, "truncated index");
            }
            dataStart = magic.length + 4 + indexLength;
            byte[] indexBytes = new byte[indexLength];
            packBytes.get(magic.length + 4, indexBytes);
            String index = new String(indexBytes, StandardCharsets.UTF_8);
            nodes.put("", new Node(Kind.DIRECTORY, 0755, 0, null));
            for (String line : index.split("\n")) {
                if (!line.isEmpty()) {
                    parseLine(line.split("\t"), segs);
                }
            }
        } catch (RuntimeException e) { // a short file, a malformed line
            throw new PackException(name, "corrupt index: " + e.getMessage());
        }
        segmentOffsets = segs.stream().mapToLong(s -> s[0]).toArray();
        segmentLengths = segs.stream().mapToInt(s -> (int) s[1]).toArray();
        for (int i = 0; i < segmentOffsets.length; i++) {
            if (dataStart + segmentOffsets[i] + segmentLengths[i] > packBytes.capacity()) {
                throw new PackException(name, "truncated: segment " + i + " lies past the end of the file");
            }
        }
        segments = new AtomicReferenceArray<>(segmentOffsets.length);
        for (var e : children.entrySet()) {
            e.setValue(List.copyOf(new TreeSet<>(e.getValue())));
        }
    }

    private void parseLine(String[] f, List<long[]> segs) {
        switch (f[0]) {
            case "segment" -> segs.add(new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
            case "dir" -> add(f[2], new Node(Kind.DIRECTORY, Integer.parseInt(f[1], 8), 0, null));
            case "link" -> add(f[2], new Node(Kind.SYMLINK, 0777, f[1].length(), f[1]));
            case "file" -> {
                add(f[4], new Node(Kind.FILE, Integer.parseInt(f[1], 8), Long.parseLong(f[2]), null));
                files.put(f[4], new FileRef(Integer.parseInt(f[3])));
            }
            default -> throw new IllegalArgumentException("unknown index entry '" + f[0] + "'");
        }
    }

    private void add(String path, Node node) {
        nodes.put(path, node);
        int slash = path.lastIndexOf('/');
        String parent = slash < 0 ? "" : path.substring(0, slash);
        children.computeIfAbsent(parent, k -> new ArrayList<>()).add(path.substring(slash + 1));
    }

    /** Opens a pack from its bytes. */
    public static Pack open(String name, byte[] bytes) throws PackException {
        return new Pack(name, ByteBuffer.wrap(bytes));
    }

    /**
     * Opens a pack shipped as a class-path resource next to {@code owner}: its file mapped, not read
     * into the heap ({@link ResourceFile}).
     */
    public static Pack fromResource(Class<?> owner, String resource) throws PackException {
        String name = resource.replaceAll("\\.jpack$", "");
        if (owner.getResource(resource) == null) {
            throw new PackException(name, "missing: resource " + resource + " is not on the class path"
                    + " (was the project built?)");
        }
        try {
            return new Pack(name, ResourceFile.bytes(owner, resource));
        } catch (IOException e) {
            throw new PackException(name, "cannot be read: " + e.getMessage());
        }
    }

    /** SHA-256 of the pack's bytes, in hex. */
    @Override
    public String contentHash() {
        String h = contentHash;
        if (h == null) {
            contentHash = h = Hashing.sha256Hex(packBytes);
        }
        return h;
    }

    /**
     * A pack resource opened on first use and then shared by the whole JVM (a provider's payload:
     * opening reads the pack into memory, so only a toolchain that mounts it pays for it). A
     * missing or corrupt pack is an {@link UncheckedIOException} whose message names it.
     */
    public static Supplier<Pack> shared(Class<?> owner, String resource) {
        return new Supplier<>() {
            private Pack pack;

            @Override
            public synchronized Pack get() {
                if (pack == null) {
                    try {
                        pack = fromResource(owner, resource);
                    } catch (PackException e) {
                        throw new UncheckedIOException(e.getMessage(), e);
                    }
                }
                return pack;
            }
        };
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Node stat(String path) {
        return nodes.get(path);
    }

    @Override
    public List<String> list(String path) {
        return children.getOrDefault(path, List.of());
    }

    @Override
    public ByteBuffer read(String path) throws IOException {
        FileRef ref = files.get(path);
        if (ref == null) {
            throw new java.nio.file.NoSuchFileException(path);
        }
        ByteBuffer data = segment(ref.segment).get(path);
        if (data == null) {
            throw new PackException(name, "corrupt: " + path + " is missing from segment " + ref.segment);
        }
        return data.asReadOnlyBuffer();
    }

    private Map<String, ByteBuffer> segment(int i) throws PackException {
        var ref = segments.get(i);
        var cached = ref == null ? null : ref.get();
        if (cached != null) {
            return cached;
        }
        // Two threads may decompress the same segment at once; both results are equal.
        var decoded = decompress(i);
        segments.set(i, new SoftReference<>(decoded));
        return decoded;
    }

    private Map<String, ByteBuffer> decompress(int i) throws PackException {
        Brotli4jLoader.ensureAvailability();
        byte[] tar;
        try {
            byte[] compressed = new byte[segmentLengths[i]];
            packBytes.get((int) (dataStart + segmentOffsets[i]), compressed);
            tar = Decoder.decompress(compressed, 0, compressed.length);
        } catch (IOException e) {
            throw new PackException(name, "corrupt: segment " + i + ": " + e.getMessage());
        }
        Map<String, ByteBuffer> contents = new HashMap<>();
        try (var in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                contents.put(e.getName(), ByteBuffer.wrap(in.readAllBytes()));
            }
        } catch (IOException e) {
            throw new PackException(name, "corrupt: segment " + i + " is not a tar archive: " + e.getMessage());
        }
        return contents;
    }
}

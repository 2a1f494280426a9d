package dev.jemception.packs;

import java.nio.charset.StandardCharsets;

/**
 * The pack file layout, shared by the build-time writer and the run-time reader.
 *
 * <pre>
 * "JPACK1\n"  u32 index length (big-endian)  index (UTF-8 text)  segments
 * </pre>
 *
 * The index has one tab-separated line per entry: {@code dir MODE PATH}, {@code link TARGET PATH},
 * {@code file MODE SIZE SEGMENT PATH}, and {@code segment OFFSET LENGTH} for each segment in
 * order. A segment is a tar archive (Commons Compress) compressed with brotli on its own.
 */
public final class PackFormat {
    public static final byte[] MAGIC = "JPACK1\n".getBytes(StandardCharsets.US_ASCII);

    private PackFormat() {}

    public static String line(String... fields) {
        return String.join("\t", fields) + "\n";
    }

    /** A tar or index path without a leading "./" or "/" and without a trailing "/". */
    public static String normalize(String path) {
        String p = path;
        while (p.startsWith("./")) {
            p = p.substring(2);
        }
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.equals(".") ? "" : p;
    }
}

package dev.jemception.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The digests jemception keys things by (caches, packs, builds): SHA-256 in lower-case hex, mostly. */
public final class Hashing {
    private Hashing() {}

    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    /** The SHA-256 of the buffer's bytes from 0 to its capacity (a mapped file, say). */
    public static String sha256Hex(ByteBuffer bytes) {
        MessageDigest md = sha256();
        md.update(bytes.duplicate().clear());
        return HexFormat.of().formatHex(md.digest());
    }

    /** The file's SHA-256, read in blocks (jars and wasm modules run to hundreds of MB). */
    public static String sha256Hex(Path file) throws IOException {
        return HexFormat.of().formatHex(digest("SHA-256", file));
    }

    public static byte[] digest(String algorithm, Path file) throws IOException {
        MessageDigest md = newDigest(algorithm);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                md.update(buffer, 0, n);
            }
        }
        return md.digest();
    }

    public static MessageDigest sha256() {
        return newDigest("SHA-256");
    }

    private static MessageDigest newDigest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has " + algorithm, e);
        }
    }
}

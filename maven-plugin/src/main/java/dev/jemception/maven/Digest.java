package dev.jemception.maven;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** A SHA-256 over strings and file contents, each part delimited so that no two inputs collide. */
final class Digest {
    private final MessageDigest sha;

    Digest() {
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    Digest add(String s) {
        sha.update(s.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        return this;
    }

    Digest add(List<String> strings) {
        add(Integer.toString(strings.size()));
        strings.forEach(this::add);
        return this;
    }

    /** A file's content, or that it is absent (a header since deleted; the toolchain's own, which are not on the host). */
    Digest addFile(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return add("absent");
        }
        add("file " + Files.size(file));
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[65536];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
        }
        return this;
    }

    /** A file by name, size and modification time: for jars, whose content is too big to read on every build. */
    Digest addStamp(Path file) throws IOException {
        add(file.getFileName().toString());
        return add(Files.exists(file) ? Files.size(file) + " " + Files.getLastModifiedTime(file).toMillis() : "absent");
    }

    String hex() {
        return HexFormat.of().formatHex(sha.digest());
    }
}

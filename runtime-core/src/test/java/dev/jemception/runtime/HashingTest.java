package dev.jemception.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HashingTest {
    /** FIPS 180-2's test vector for "abc". */
    static final String ABC_SHA256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @Test
    void bytesAndFileGiveTheSameSha256(@TempDir Path dir) throws Exception {
        byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
        assertThat(Hashing.sha256Hex(abc)).isEqualTo(ABC_SHA256);
        assertThat(Hashing.sha256Hex(Files.write(dir.resolve("abc"), abc))).isEqualTo(ABC_SHA256);
        var buffer = java.nio.ByteBuffer.wrap(("x" + "abc").getBytes(StandardCharsets.US_ASCII)).slice(1, 3);
        buffer.position(2); // the whole buffer is hashed, wherever its position lies
        assertThat(Hashing.sha256Hex(buffer)).isEqualTo(ABC_SHA256);
        assertThat(buffer.position()).isEqualTo(2);
    }

    @Test
    void fileLargerThanOneReadBlock(@TempDir Path dir) throws Exception {
        byte[] big = new byte[(1 << 16) * 3 + 7];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        Path file = Files.write(dir.resolve("big"), big);
        assertThat(Hashing.sha256Hex(file)).isEqualTo(Hashing.sha256Hex(big));
        assertThat(HexFormat.of().formatHex(Hashing.digest("SHA-512", file)))
                .isEqualTo(HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-512").digest(big)));
    }
}

package dev.jemception.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.Adler32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;
import org.junit.jupiter.api.Test;

class ChecksumsTest {
    private final Checksums checksums = new Checksums();

    @Test
    void adler32MatchesTheJdks() {
        for (byte[] data : samples()) {
            assertEquals(jdk(new Adler32(), data), checksums.adler32(data));
        }
    }

    @Test
    void crc32cMatchesTheJdks() {
        for (byte[] data : samples()) {
            assertEquals(jdk(new CRC32C(), data), checksums.crc32c(data));
        }
        assertEquals(0xE3069283L, checksums.crc32c("123456789".getBytes(StandardCharsets.US_ASCII))); // the check value
    }

    private static byte[][] samples() {
        byte[] large = new byte[100_000]; // more than Adler-32's NMAX: the sums wrap
        new Random(42).nextBytes(large);
        return new byte[][] {new byte[0], "Wikipedia".getBytes(StandardCharsets.US_ASCII), large};
    }

    private static long jdk(Checksum checksum, byte[] data) {
        checksum.update(data, 0, data.length);
        return checksum.getValue();
    }
}

package dev.jemception.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class TinyLibTest {
    private final TinyLib lib = new TinyLib();

    @Test
    void crc32MatchesTheJdk() {
        assertEquals(0xCBF43926L, lib.crc32("123456789".getBytes(StandardCharsets.US_ASCII))); // the check value
        assertEquals(0L, lib.crc32(new byte[0]));
        var random = new Random(42);
        for (int size : new int[] {1, 7, 100, 65_537}) {
            byte[] data = new byte[size];
            random.nextBytes(data);
            var jdk = new CRC32();
            jdk.update(data);
            assertEquals(jdk.getValue(), lib.crc32(data), "size " + size);
        }
    }

    @Test
    void evaluatesExpressions() {
        assertEquals(42, lib.eval("42"));
        assertEquals(9, lib.eval("2 * (3 + 4) - 5"));
        assertEquals(-7, lib.eval("-(3 + 4)"));
        assertEquals(1, lib.eval("7 % 3"));
        assertEquals(-2, lib.eval("-7 / 3")); // C truncates toward zero, as Java does
        assertEquals(5_000_000_000L, lib.eval("50000 * 100000")); // 64-bit arithmetic
    }

    @Test
    void reportsBadExpressions() {
        assertThrows(IllegalArgumentException.class, () -> lib.eval("1 +"));
        assertThrows(IllegalArgumentException.class, () -> lib.eval("(1"));
        assertThrows(IllegalArgumentException.class, () -> lib.eval("1 2"));
        assertThrows(ArithmeticException.class, () -> lib.eval("1 / (2 - 2)"));
    }
}

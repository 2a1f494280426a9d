package dev.jemception.runtime.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jemception.runtime.Hashing;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The on-disk store: values come back whole, and past its cap the least recently used go first. */
class DiskResultStoreTest {

    static byte[] bytes(char c, int n) {
        return String.valueOf(c).repeat(n).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void storesReadsAndEvictsTheLeastRecentlyUsed(@TempDir Path dir) throws Exception {
        var store = new DiskResultStore(dir, 1000);
        String a = Hashing.sha256Hex(bytes('a', 250));
        String b = Hashing.sha256Hex(bytes('b', 250));
        String c = Hashing.sha256Hex(bytes('c', 250));
        store.putBlob(a, bytes('a', 250));
        Thread.sleep(20);
        store.putBlob(b, bytes('b', 250));
        Thread.sleep(20);
        store.putAction(c, "entry".getBytes(StandardCharsets.UTF_8));
        Thread.sleep(20);
        assertThat(store.getBlob(a)).contains(bytes('a', 250)); // a is now the most recently used
        Thread.sleep(20);
        store.putBlob(c, bytes('c', 250)); // 755 bytes: under the cap
        assertThat(store.stats()).isEqualTo(new DiskResultStore.Stats(1, 3, 755));

        Thread.sleep(20);
        String d = Hashing.sha256Hex(bytes('d', 250));
        store.putBlob(d, bytes('d', 250)); // 1,005 bytes: down to 80% by dropping the least recently used
        assertThat(store.stats()).isEqualTo(new DiskResultStore.Stats(1, 3, 755));
        assertThat(store.getBlob(b)).isEmpty(); // put before a was read again
        assertThat(store.getBlob(a)).contains(bytes('a', 250));
        assertThat(store.getAction(c)).isPresent();
        assertThat(store.getBlob(d)).contains(bytes('d', 250));

        store.clear();
        assertThat(store.stats()).isEqualTo(new DiskResultStore.Stats(0, 0, 0));
    }

    @Test
    void aDamagedEntryReadsAsNoRecord() {
        assertThat(RunRecord.decode(new byte[] {0, 0, 0, 1, 0, 0, 0, 5, 1})).isEmpty();
        assertThat(RunRecord.decode(new byte[0])).isEmpty();
    }
}

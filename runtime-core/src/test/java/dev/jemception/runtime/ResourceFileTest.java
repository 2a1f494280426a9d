package dev.jemception.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.net.URI;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResourceFileTest {
    @TempDir
    Path dir;

    private URL jarWith(String name, byte[] content) throws Exception {
        Path jar = dir.resolve("lib.jar");
        try (var out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new ZipEntry(name));
            out.write(content);
            out.closeEntry();
        }
        return URI.create("jar:" + jar.toUri() + "!/" + name).toURL();
    }

    private static byte[] content(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i * 7 + i / 300);
        }
        return b;
    }

    @Test
    void aResourceInAJarIsCopiedOnceAndFoundAgainWithoutReadingIt() throws Exception {
        byte[] bytes = content(200_000);
        URL url = jarWith("dev/x/big.wasm", bytes);
        Path copies = dir.resolve("copies");

        Path file = ResourceFile.of(url, copies).orElseThrow();
        assertThat(file).startsWith(copies).hasFileName("big.wasm");
        assertThat(Files.readAllBytes(file)).isEqualTo(bytes);

        FileTime written = FileTime.fromMillis(1_000_000L);
        Files.setLastModifiedTime(file, written);
        assertThat(ResourceFile.of(url, copies)).contains(file);
        assertThat(Files.getLastModifiedTime(file)).isEqualTo(written); // found, not written again
        try (var left = Files.list(file.getParent())) {
            assertThat(left).containsExactly(file); // no temporary file stays behind
        }
    }

    @Test
    void aCopyOfTheWrongSizeIsReplaced() throws Exception {
        byte[] bytes = content(5_000);
        URL url = jarWith("big.bin", bytes);
        Path copies = dir.resolve("copies");
        Path file = ResourceFile.of(url, copies).orElseThrow();
        Files.write(file, new byte[] {1, 2, 3}); // a copy cut short (a full disk, a crash)

        assertThat(ResourceFile.of(url, copies)).contains(file);
        assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
    }

    @Test
    void aResourceThatIsAFileIsUsedWhereItLies() throws Exception {
        Path file = Files.write(dir.resolve("plain.bin"), content(10));
        assertThat(ResourceFile.of(file.toUri().toURL(), dir.resolve("copies"))).contains(file);
        assertThat(dir.resolve("copies")).doesNotExist();
    }

    @Test
    void whereNoCopyCanBeWrittenTheCallerReadsTheResourceItself() throws Exception {
        URL url = jarWith("big.bin", content(100));
        Path notADirectory = Files.write(dir.resolve("file"), new byte[1]);
        assertThat(ResourceFile.of(url, notADirectory.resolve("copies"))).isEmpty();
    }

    @Test
    void bytesOfAResourceAndOfAMissingOne() throws Exception {
        ByteBuffer own = ResourceFile.bytes(ResourceFileTest.class, "ResourceFileTest.class");
        byte[] expected;
        try (var in = ResourceFileTest.class.getResourceAsStream("ResourceFileTest.class")) {
            expected = in.readAllBytes();
        }
        byte[] read = new byte[own.remaining()];
        own.get(read);
        assertThat(read).isEqualTo(expected);

        assertThat(ResourceFile.readAllBytes(ResourceFileTest.class, "ResourceFileTest.class")).isEqualTo(expected);

        assertThatThrownBy(() -> ResourceFile.bytes(ResourceFileTest.class, "no-such.jpack"))
                .isInstanceOf(FileNotFoundException.class)
                .hasMessage("dev/jemception/runtime/no-such.jpack is not on the class path (was the project built?)");
        assertThat(ResourceFile.of(ResourceFileTest.class, "no-such.jpack")).isEmpty();
    }
}

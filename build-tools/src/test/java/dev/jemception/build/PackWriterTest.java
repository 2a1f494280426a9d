package dev.jemception.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jemception.packs.Pack;
import dev.jemception.packs.PackException;
import dev.jemception.vfs.ReadOnlyTree.Kind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackWriterTest {
    @TempDir
    Path dir;

    byte[] writePack() throws IOException {
        var random = new Random(7);
        var writer = new PackWriter(11);
        for (int i = 0; i < 15; i++) {
            byte[] data = new byte[100_000]; // several segments
            random.nextBytes(data);
            writer.addFile("lib/blob" + i + ".bin", 0644, data);
        }
        writer.addFile("include/stdio.h", 0644, "int printf(const char *, ...);\n".getBytes(StandardCharsets.UTF_8));
        writer.addFile("bin/tool", 0755, new byte[0]);
        writer.addSymlink("include/alias.h", "stdio.h");
        Path pack = dir.resolve("test.jpack");
        writer.write(pack);
        return Files.readAllBytes(pack);
    }

    static String text(ByteBuffer b) {
        return StandardCharsets.UTF_8.decode(b).toString();
    }

    @Test
    void roundTripsFilesDirectoriesModesAndSymlinks() throws IOException {
        Pack pack = Pack.open("test", writePack());
        assertThat(text(pack.read("include/stdio.h"))).isEqualTo("int printf(const char *, ...);\n");
        assertThat(pack.stat("include").kind()).isEqualTo(Kind.DIRECTORY);
        assertThat(pack.stat("bin/tool").mode()).isEqualTo(0755);
        assertThat(pack.stat("include/alias.h").linkTarget()).isEqualTo("stdio.h");
        assertThat(pack.stat("lib/blob7.bin").size()).isEqualTo(100_000);
        assertThat(pack.list("")).containsExactly("bin", "include", "lib");
        assertThat(pack.list("lib")).hasSize(15);
        assertThat(pack.stat("nope")).isNull();

        var random = new Random(7);
        byte[] expected = new byte[100_000];
        for (int i = 0; i <= 14; i++) {
            random.nextBytes(expected);
        }
        ByteBuffer last = pack.read("lib/blob14.bin");
        byte[] actual = new byte[last.remaining()];
        last.get(actual);
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void aCorruptPackIsNamedInTheError() throws IOException {
        byte[] bytes = writePack();
        assertThatThrownBy(() -> Pack.open("llvm-resources", Arrays.copyOf(bytes, bytes.length / 2)))
                .isInstanceOf(PackException.class).hasMessageContaining("pack 'llvm-resources'").hasMessageContaining("truncated");

        byte[] garbled = bytes.clone();
        for (int i = garbled.length - 2000; i < garbled.length; i++) {
            garbled[i] ^= 0x5a;
        }
        Pack pack = Pack.open("llvm-resources", garbled);
        // the last bytes belong to the last segment: the last file in path order
        assertThatThrownBy(() -> pack.read("lib/blob9.bin"))
                .isInstanceOf(PackException.class).hasMessageContaining("pack 'llvm-resources' is corrupt");

        assertThatThrownBy(() -> Pack.open("junk", "hello".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(PackException.class).hasMessageContaining("pack 'junk'");
    }

    @Test
    void aMissingPackResourceIsNamed() {
        assertThatThrownBy(() -> Pack.fromResource(PackWriterTest.class, "absent.jpack"))
                .isInstanceOf(PackException.class).hasMessageContaining("pack 'absent' is missing");
    }
}

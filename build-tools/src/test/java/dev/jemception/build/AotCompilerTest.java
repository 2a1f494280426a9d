package dev.jemception.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AotCompilerTest {
    @TempDir
    Path dir;

    /** A build with other split sizes leaves other classes: none of them may reach the jar. */
    @Test
    void installReplacesTheClassesOfAnEarlierEntry() throws IOException {
        Path classes = dir.resolve("classes");
        Path pkg = Files.createDirectories(classes.resolve("a/b"));
        Files.writeString(pkg.resolve("MMachineFuncGroup_9.class"), "stale");
        Files.writeString(pkg.resolve("MMachine.class"), "stale");
        Files.writeString(pkg.resolve("Other.class"), "kept");
        Files.writeString(pkg.resolve("MMachine.properties"), "kept");

        Path entry = dir.resolve("entry.zip");
        try (var zip = new ZipOutputStream(Files.newOutputStream(entry))) {
            put(zip, "a/b/MMachine.class", "new");
            put(zip, "a/b/MMachineFuncGroup_0.class", "new");
            put(zip, AotCompiler.META_ENTRY, "meta");
            put(zip, AotCompiler.INTERPRETED_ENTRY, "");
        }
        Path meta = pkg.resolve("m.meta.wasm");
        AotCompiler.install(entry, "a.b.MMachine", classes, meta);

        try (var files = Files.list(pkg)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    "MMachine.class", "MMachineFuncGroup_0.class", "Other.class", "MMachine.properties", "m.meta.wasm");
        }
        assertThat(Files.readString(pkg.resolve("MMachine.class"))).isEqualTo("new");
        assertThat(Files.readString(pkg.resolve("Other.class"))).isEqualTo("kept");
        assertThat(Files.readString(meta)).isEqualTo("meta");
    }

    private static void put(ZipOutputStream zip, String name, String content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }
}

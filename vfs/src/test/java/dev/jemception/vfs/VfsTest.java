package dev.jemception.vfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VfsTest {
    /** A tiny read-only tree: /include/a.h, a directory, and a link into another mount. */
    static final ReadOnlyTree TREE = new ReadOnlyTree() {
        final Map<String, Node> nodes = Map.of(
                "", new Node(Kind.DIRECTORY, 0755, 0, null),
                "include", new Node(Kind.DIRECTORY, 0755, 0, null),
                "include/a.h", new Node(Kind.FILE, 0644, 12, null),
                "scratch", new Node(Kind.SYMLINK, 0777, 4, "/tmp"),
                "alias.h", new Node(Kind.SYMLINK, 0777, 9, "include/a.h"));

        @Override
        public String name() {
            return "test-tree";
        }

        @Override
        public Node stat(String path) {
            return nodes.get(path);
        }

        @Override
        public List<String> list(String path) {
            return path.isEmpty() ? List.of("alias.h", "include", "scratch") : List.of("a.h");
        }

        @Override
        public ByteBuffer read(String path) {
            return ByteBuffer.wrap("#define A 1\n".getBytes(StandardCharsets.UTF_8));
        }
    };

    @TempDir
    Path host;

    FileSystem vfs() throws IOException {
        return Vfs.builder().mount("/opt/payload", TREE).mountHost(host).build();
    }

    @Test
    void readsPackFilesAndFollowsTheirSymlinks() throws IOException {
        try (FileSystem fs = vfs()) {
            assertThat(Files.readString(fs.getPath("/opt/payload/include/a.h"))).isEqualTo("#define A 1\n");
            assertThat(Files.readString(fs.getPath("/opt/payload/alias.h"))).isEqualTo("#define A 1\n");
            assertThat(Files.isSymbolicLink(fs.getPath("/opt/payload/alias.h"))).isTrue();
            try (Stream<Path> list = Files.list(fs.getPath("/opt/payload"))) {
                assertThat(list.map(p -> p.getFileName().toString())).containsExactly("alias.h", "include", "scratch");
            }
        }
    }

    @Test
    void aPackSymlinkMayLeadIntoAnotherMount() throws IOException {
        try (FileSystem fs = vfs()) {
            Files.writeString(fs.getPath("/opt/payload/scratch/note.txt"), "written through a link");
            assertThat(Files.readString(fs.getPath("/tmp/note.txt"))).isEqualTo("written through a link");
        }
    }

    @Test
    void packsAreReadOnly() throws IOException {
        try (FileSystem fs = vfs()) {
            assertThatThrownBy(() -> Files.writeString(fs.getPath("/opt/payload/include/a.h"), "x"))
                    .isInstanceOf(AccessDeniedException.class).hasMessageContaining("read-only");
            assertThatThrownBy(() -> Files.delete(fs.getPath("/opt/payload/include/a.h")))
                    .isInstanceOf(AccessDeniedException.class).hasMessageContaining("test-tree");
        }
    }

    @Test
    void aWritableMountKeepsChangesInMemoryAndTheTreeIntact() throws IOException {
        Path changed;
        try (FileSystem fs = Vfs.builder().mountWritable("/cache", TREE).build()) {
            Path header = fs.getPath("/cache/include/a.h");
            assertThat(Files.readString(fs.getPath("/cache/alias.h"))).isEqualTo("#define A 1\n");
            Files.writeString(fs.getPath("/cache/include/new.h"), "new");
            Files.createDirectories(fs.getPath("/cache/lists/x"));
            Files.writeString(header, "changed");
            assertThat(Files.readString(header)).isEqualTo("changed");
            try (Stream<Path> names = Files.list(fs.getPath("/cache/include"))) {
                assertThat(names.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("a.h", "new.h");
            }
            Files.delete(fs.getPath("/cache/include/new.h"));
            assertThat(Files.exists(fs.getPath("/cache/include/new.h"))).isFalse();
            assertThatThrownBy(() -> Files.delete(fs.getPath("/cache/alias.h"))).isInstanceOf(AccessDeniedException.class);
            changed = header;
        }
        try (FileSystem fs = Vfs.builder().mountWritable("/cache", TREE).build()) {
            assertThat(Files.readString(fs.getPath(changed.toString()))).isEqualTo("#define A 1\n");
            assertThat(Files.exists(fs.getPath("/cache/lists"))).isFalse();
        }
    }

    @Test
    void hostDirectoriesAppearAtTheirRealPathsAndNothingElseDoes() throws IOException {
        Path real = host.toRealPath();
        try (FileSystem fs = vfs()) {
            Files.writeString(fs.getPath(real + "/out.txt"), "from the VFS");
            assertThat(Files.readString(real.resolve("out.txt"))).isEqualTo("from the VFS");
            assertThat(Files.exists(fs.getPath("/etc/hostname"))).isFalse();
            assertThatThrownBy(() -> Files.readString(fs.getPath("/etc/passwd"))).isInstanceOf(NoSuchFileException.class);
            // the directories above a mount point exist, and list it
            try (Stream<Path> list = Files.list(fs.getPath(real.getParent().toString()))) {
                assertThat(list.map(Path::toString)).containsExactly(real.toString());
            }
            try (Stream<Path> list = Files.list(fs.getPath("/"))) {
                assertThat(list.map(Path::toString)).contains("/tmp", "/opt", "/" + real.getName(0));
            }
        }
    }

    @Test
    void aSymlinkOutOfAHostMountReachesNothingThroughAttributeViews(@TempDir Path outside) throws IOException {
        Path secret = Files.writeString(outside.resolve("secret.txt"), "secret");
        FileTime before = Files.getLastModifiedTime(secret);
        Files.createSymbolicLink(host.resolve("link.txt"), secret);
        Path link = host.toRealPath().resolve("link.txt");
        try (FileSystem fs = vfs()) {
            Path inVfs = fs.getPath(link.toString());
            var view = Files.getFileAttributeView(inVfs, BasicFileAttributeView.class);
            assertThatThrownBy(view::readAttributes).isInstanceOf(NoSuchFileException.class);
            assertThatThrownBy(() -> Files.setLastModifiedTime(inVfs, FileTime.fromMillis(0)))
                    .isInstanceOf(NoSuchFileException.class);
        }
        assertThat(Files.getLastModifiedTime(secret)).isEqualTo(before);
    }

    @Test
    void hostFilesAreNamedByTheirHostPathAndNothingElseIs(@TempDir Path layer) throws IOException {
        Files.writeString(host.resolve("x.c"), "int x;\n");
        try (FileSystem fs = Vfs.builder().mount("/opt/payload", TREE).mountHost(host)
                .mountWritable("/cache", TREE, layer).mountWritable("/scratch", TREE).build()) {
            Files.writeString(fs.getPath("/cache/include/installed.h"), "#define B 2\n");
            Files.writeString(fs.getPath("/scratch/include/mine.h"), "#define C 3\n");
            Path realHost = host.toRealPath();
            assertThat(Vfs.hostFile(fs, realHost + "/x.c")).hasValue(realHost.resolve("x.c"));
            assertThat(Vfs.hostFile(fs, "/cache/include/installed.h")).hasValue(layer.resolve("include/installed.h"));
            assertThat(Vfs.hostFile(fs, "/cache/include/a.h")).isEmpty(); // the tree's
            assertThat(Vfs.hostFile(fs, "/opt/payload/include/a.h")).isEmpty();
            assertThat(Vfs.hostFile(fs, "/scratch/include/mine.h")).isEmpty(); // in memory
        }
    }

    @Test
    void eachFileSystemHasItsOwnMemoryLayer() throws IOException {
        try (FileSystem a = vfs(); FileSystem b = vfs()) {
            Files.writeString(a.getPath("/tmp/only-in-a"), "a");
            assertThat(Files.exists(a.getPath("/tmp/only-in-a"))).isTrue();
            assertThat(Files.exists(b.getPath("/tmp/only-in-a"))).isFalse();
        }
    }

    @Test
    void movesAcrossMountsCopyTheBytes() throws IOException {
        Path real = host.toRealPath();
        try (FileSystem fs = vfs()) {
            Files.writeString(fs.getPath("/tmp/a.o"), "object");
            Files.move(fs.getPath("/tmp/a.o"), fs.getPath(real + "/a.o"));
            assertThat(Files.readString(real.resolve("a.o"))).isEqualTo("object");
            assertThat(Files.exists(fs.getPath("/tmp/a.o"))).isFalse();
        }
    }

    @Test
    void pathsAreResolvedAndRelativizedLikePosixPaths() throws IOException {
        try (FileSystem fs = vfs()) {
            Path p = fs.getPath("/a/b/../c/./d");
            assertThat(p.normalize().toString()).isEqualTo("/a/c/d");
            assertThat(fs.getPath("/a/b").relativize(fs.getPath("/a/c/d")).toString()).isEqualTo("../c/d");
            assertThat(fs.getPath("x/y").toAbsolutePath().toString()).isEqualTo("/x/y");
            assertThat(p.getFileName().toString()).isEqualTo("d");
            assertThat(fs.getPath("/").getParent()).isNull();
        }
    }

    @Test
    void listenersHearWhatTheirThreadReadsMissesListsAndChangesTouchesIncludedButNotTheirOwnWork() throws Exception {
        Files.writeString(host.resolve("main.c"), "int main;\n");
        List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (FileSystem fs = vfs()) {
            FileAccessListener listener = new FileAccessListener() {
                @Override
                public void read(String path, Origin origin) {
                    events.add("read " + path + " " + origin);
                    try {
                        Files.readAllBytes(fs.getPath(path)); // the listener's own read: not reported
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }

                @Override
                public void missing(String path, Origin origin) {
                    events.add("missing " + path + " " + origin);
                }

                @Override
                public void listed(String path, List<String> names, Origin origin) {
                    events.add("listed " + path + " " + names);
                }

                @Override
                public void willModify(String path, Origin origin) {
                    events.add("willModify " + path + " " + origin + " exists=" + Files.exists(fs.getPath(path)));
                }
            };
            String h = host.toRealPath().toString();
            try (var scope = Vfs.listen(fs, listener)) {
                Files.readAllBytes(fs.getPath(h, "main.c"));
                Files.readAllBytes(fs.getPath("/opt/payload/include/a.h"));
                assertThat(Files.exists(fs.getPath(h, "missing.h"))).isFalse();
                Files.writeString(fs.getPath(h, "main.o"), "obj");
                Files.writeString(fs.getPath("/tmp/scratch.txt"), "tmp");
                Files.setLastModifiedTime(fs.getPath(h, "main.c"), java.nio.file.attribute.FileTime.fromMillis(0));
                try (Stream<Path> list = Files.list(fs.getPath("/opt/payload/include"))) {
                    assertThat(list).hasSize(1);
                }
                Thread child = new Thread(() -> assertThat(Files.exists(fs.getPath(h, "child.h"))).isFalse());
                child.start();
                child.join();
            }
            Files.readAllBytes(fs.getPath(h, "main.c")); // after the scope: nobody is told
            assertThat(events).containsExactly(
                    "read " + h + "/main.c HOST",
                    "read /opt/payload/include/a.h PACK",
                    "missing " + h + "/missing.h HOST",
                    "willModify " + h + "/main.o HOST exists=false",
                    "willModify /tmp/scratch.txt MEMORY exists=false",
                    "willModify " + h + "/main.c HOST exists=true",
                    "listed /opt/payload/include [a.h]",
                    "missing " + h + "/child.h HOST");
        }
    }
}

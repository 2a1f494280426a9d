package dev.jemception.ninja.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jemception.ninja.NinjaPrograms;
import dev.jemception.runtime.ProcessContext;
import dev.jemception.runtime.Program;
import dev.jemception.runtime.ProgramProvider;
import dev.jemception.runtime.RunResult;
import dev.jemception.runtime.Session;
import dev.jemception.runtime.Toolchain;
import dev.jemception.vfs.ReadOnlyTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code ninja} program on hand-written build files, in a session of its own with small
 * programs standing for a compiler: {@code cc IN -o OUT -MF DEP} (copies IN with the files its
 * {@code #include "x"} lines name, and writes the depfile), {@code copy-if-different IN OUT}
 * (leaves OUT alone when equal: a restat rule's kind) and {@code fail}.
 */
class NinjaTest {
    static final Pattern INCLUDE = Pattern.compile("#include \"([^\"]+)\"");

    /** Programs that do what a build's commands do, on the session's files. */
    static final class TestPrograms implements ProgramProvider {
        @Override
        public Map<String, Program> programs() {
            return Map.of("cc", TestPrograms::cc, "copy-if-different", TestPrograms::copyIfDifferent,
                    "fail", p -> {
                        p.stderr().write("fail: broken on purpose\n".getBytes(StandardCharsets.UTF_8));
                        return 1;
                    });
        }

        @Override
        public Map<String, ReadOnlyTree> mounts() {
            return Map.of();
        }

        static int cc(ProcessContext p) throws IOException {
            List<String> a = p.args();
            Path dir = p.fs().getPath(p.cwd());
            String in = a.get(0);
            String out = a.get(a.indexOf("-o") + 1);
            var text = new StringBuilder(Files.readString(dir.resolve(in)));
            List<String> headers = new ArrayList<>();
            Matcher m = INCLUDE.matcher(text.toString());
            while (m.find()) {
                headers.add(m.group(1));
                text.append(Files.readString(dir.resolve(m.group(1))));
            }
            Files.writeString(dir.resolve(out), text);
            if (a.contains("-MF")) {
                Files.writeString(dir.resolve(a.get(a.indexOf("-MF") + 1)), out + ": " + in + " " + String.join(" ", headers) + "\n");
            }
            return 0;
        }

        static int copyIfDifferent(ProcessContext p) throws IOException {
            Path dir = p.fs().getPath(p.cwd());
            String text = Files.readString(dir.resolve(p.args().get(0)));
            Path out = dir.resolve(p.args().get(1));
            if (!Files.exists(out) || !Files.readString(out).equals(text)) {
                Files.writeString(out, text);
            }
            return 0;
        }
    }

    Session session;
    FileSystem fs;

    @BeforeEach
    void aSession() throws IOException {
        session = Toolchain.of(List.of(new NinjaPrograms(), new TestPrograms())).newSession().cwd("/work").build();
        fs = session.fileSystem();
        Files.createDirectories(fs.getPath("/work"));
    }

    @AfterEach
    void close() throws IOException {
        session.close();
    }

    void write(String name, String text) throws IOException {
        Path file = fs.getPath("/work", name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    /** Makes a file newer than everything built so far, as an edit would. */
    void touch(String name) throws IOException {
        Files.setLastModifiedTime(fs.getPath("/work", name), FileTime.from(Instant.now().plusSeconds(60)));
    }

    String read(String name) throws IOException {
        return Files.readString(fs.getPath("/work", name));
    }

    RunResult ninja(String... args) {
        List<String> argv = new ArrayList<>(List.of("ninja"));
        argv.addAll(List.of(args));
        return session.run(argv);
    }

    static final String COMPILE = """
            rule cc
              command = cc $in -o $out -MF $out.d
              depfile = $out.d
              deps = gcc
              description = CC $out
            """;

    @Test
    void buildsDefaultsAndThenHasNoWorkToDo() throws IOException {
        write("a.c", "a;\n");
        write("b.c", "b;\n");
        write("build.ninja", COMPILE + """
                build out/a.o: cc a.c
                build out/b.o: cc b.c
                build all: phony out/a.o out/b.o
                default all
                """);
        RunResult first = ninja("-j", "2");
        assertThat(first.exitCode()).as(first.stderr()).isZero();
        assertThat(first.stdout()).contains("/2] CC out/a.o").contains("/2] CC out/b.o");
        assertThat(read("out/a.o")).isEqualTo("a;\n");
        assertThat(fs.getPath("/work/out/a.o.d")).doesNotExist(); // deps = gcc: kept in the log instead
        assertThat(ninja().stdout()).isEqualTo("ninja: no work to do.\n");
    }

    @Test
    void aTouchedHeaderRebuildsItsIncludersOnly() throws IOException {
        write("x.h", "x;\n");
        write("main.c", "#include \"x.h\"\n");
        write("other.c", "other;\n");
        write("build.ninja", COMPILE + "build main.o: cc main.c\nbuild other.o: cc other.c\n");
        assertThat(ninja().exitCode()).isZero();
        assertThat(read("main.o")).endsWith("x;\n");
        write("x.h", "x2;\n");
        touch("x.h");
        RunResult again = ninja("-v");
        assertThat(again.stdout()).isEqualTo("[1/1] cc main.c -o main.o -MF main.o.d\n");
        assertThat(read("main.o")).endsWith("x2;\n");
    }

    @Test
    void aChangedCommandRebuilds() throws IOException {
        write("a.c", "a;\n");
        write("build.ninja", COMPILE + "build a.o: cc a.c\n");
        assertThat(ninja().exitCode()).isZero();
        write("build.ninja", COMPILE.replace("-MF $out.d", "-MF $out.d -O2") + "build a.o: cc a.c\n");
        assertThat(ninja().stdout()).isEqualTo("[1/1] CC a.o\n");
    }

    @Test
    void restatLeavesTheUsersOfAnUnchangedOutputAlone() throws IOException {
        write("gen.in", "generated;\n");
        write("main.c", "#include \"gen.h\"\n");
        write("build.ninja", COMPILE + """
                rule gen
                  command = copy-if-different $in $out
                  restat = 1
                build gen.h: gen gen.in
                build main.o: cc main.c || gen.h
                """);
        assertThat(ninja().exitCode()).isZero();
        touch("gen.in"); // newer, same text: gen.h is left alone, main.o need not rebuild
        assertThat(ninja("-v").stdout()).isEqualTo("[1/2] copy-if-different gen.in gen.h\n"); // 2 planned, 1 needed
        write("gen.in", "changed;\n");
        touch("gen.in");
        assertThat(ninja().stdout()).contains("[2/2] CC main.o");
    }

    @Test
    void aFailingCommandStopsTheBuildUnlessToldToKeepGoing() throws IOException {
        write("a.c", "a;\n");
        write("build.ninja", COMPILE + """
                rule broken
                  command = fail $in
                build bad: broken a.c
                build after: cc bad
                build a.o: cc a.c
                build z.o: cc a.c
                """);
        RunResult stopped = ninja("-j", "1", "bad", "a.o", "z.o");
        assertThat(stopped.exitCode()).isEqualTo(1);
        assertThat(stopped.stdout()).contains("FAILED: bad\nfail a.c\nfail: broken on purpose\n")
                .endsWith("ninja: build stopped: subcommand failed.\n");
        assertThat(fs.getPath("/work/z.o")).doesNotExist();

        RunResult kept = ninja("-k", "0", "after", "a.o", "z.o");
        assertThat(kept.exitCode()).isEqualTo(1);
        assertThat(fs.getPath("/work/z.o")).exists();
        assertThat(fs.getPath("/work/after")).doesNotExist(); // its input failed
    }

    @Test
    void aMissingInputACycleAndShellSyntaxAreClearErrors() throws IOException {
        write("build.ninja", COMPILE + "build a.o: cc nowhere.c\nbuild x: phony y\nbuild y: phony x\n"
                + "rule piped\n  command = cc a.c | tee log\nbuild p: piped\n");
        RunResult missing = ninja("a.o");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.stderr()).isEqualTo("ninja: error: 'nowhere.c', needed by 'a.o', missing and no known rule to make it\n");
        assertThat(ninja("x").stderr()).isEqualTo("ninja: error: dependency cycle: x -> y -> x\n");
        RunResult piped = ninja("p");
        assertThat(piped.stdout()).contains("does not support '|' in: cc a.c | tee log");
        assertThat(ninja("-t", "nosuch").stderr()).contains("unknown tool 'nosuch'");
    }

    @Test
    void cleanRemovesWhatWasBuiltAndDashCChangesDirectory() throws IOException {
        write("sub/a.c", "a;\n");
        write("sub/build.ninja", COMPILE + "build a.o: cc a.c\n");
        RunResult built = ninja("-C", "sub");
        assertThat(built.stdout()).startsWith("ninja: Entering directory `sub'\n");
        assertThat(fs.getPath("/work/sub/a.o")).exists();
        assertThat(ninja("-C", "sub", "-t", "clean").stdout()).contains("Cleaning... 1 files.");
        assertThat(fs.getPath("/work/sub/a.o")).doesNotExist();
    }
}

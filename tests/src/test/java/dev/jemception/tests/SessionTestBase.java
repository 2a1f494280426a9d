package dev.jemception.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jemception.runtime.RunResult;
import dev.jemception.runtime.Session;
import dev.jemception.runtime.Toolchain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** One session per test class over a temporary host directory, its working directory. */
abstract class SessionTestBase {
    @TempDir
    static Path dir;

    static Session session;

    @BeforeAll
    static void startSession() throws IOException {
        session = Toolchain.load().newSession().mountHost(dir).cwd(dir).build();
    }

    @AfterAll
    static void closeSession() throws IOException {
        session.close();
    }

    static Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    static RunResult ok(String... argv) {
        RunResult r = session.run(argv);
        assertThat(r.exitCode()).as(String.join(" ", argv) + "\n" + r.stderr()).isZero();
        return r;
    }
}

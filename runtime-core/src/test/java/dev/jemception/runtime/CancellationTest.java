package dev.jemception.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jemception.runtime.cache.Caches;
import dev.jemception.vfs.ReadOnlyTree;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cancelled or timed-out command stops, ends with its exit code and a message, and leaves the
 * user's directory as it found it: what it created is gone, what it overwrote is back.
 */
class CancellationTest {
    static final CountDownLatch wrote = new CountDownLatch(1);

    /** Creates a file, overwrites another, then works until it is stopped. */
    static final Program WRITER = process -> {
        Path dir = process.fs().getPath(process.cwd());
        Files.writeString(dir.resolve("new.txt"), "half of it");
        Files.writeString(dir.resolve("old.txt"), "overwritten");
        Files.createDirectories(dir.resolve("out/deeper"));
        Files.writeString(dir.resolve("out/deeper/x.o"), "x");
        wrote.countDown();
        Thread.sleep(60_000);
        return 0;
    };

    static final CountDownLatch childStarted = new CountDownLatch(1);
    static final CountDownLatch childDone = new CountDownLatch(1);

    /** Starts a child on its own thread (as GraalPy's subprocesses are) and waits until stopped. */
    static final Program PARENT = process -> {
        Thread.ofPlatform().start(() -> {
            process.run(List.of("late-writer"), process.env(), process.cwd(),
                    InputStream.nullInputStream(), OutputStream.nullOutputStream(), OutputStream.nullOutputStream());
            childDone.countDown();
        });
        childStarted.await();
        Thread.sleep(60_000);
        return 0;
    };

    /** A child that finishes its step before it notices the interrupt (wasm-ld writing its output). */
    static final Program LATE_WRITER = process -> {
        childStarted.countDown();
        long until = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        Files.writeString(process.fs().getPath(process.cwd()).resolve("late.o"), "late");
        return 0;
    };

    static Session session(Path dir) throws Exception {
        ProgramProvider provider = new ProgramProvider() {
            @Override
            public Map<String, Program> programs() {
                return Map.of("writer", WRITER, "parent", PARENT, "late-writer", LATE_WRITER);
            }

            @Override
            public Map<String, ReadOnlyTree> mounts() {
                return Map.of();
            }
        };
        return Toolchain.of(List.of(provider)).newSession().caches(Caches.none()).mountHost(dir).cwd(dir).build();
    }

    @Test
    void aCancelledCommandLeavesTheDirectoryAsItWas(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("old.txt"), "the user's");
        var cancellation = new Cancellation();
        try (Session s = session(dir); var pool = Executors.newSingleThreadExecutor()) {
            var run = pool.submit(() -> s.run(List.of("writer"), cancellation));
            wrote.await();
            cancellation.cancel();
            RunResult r = run.get();
            assertThat(r.exitCode()).isEqualTo(Session.CANCELLED);
            assertThat(r.stderr()).isEqualTo("jemception: writer: interrupted\n");
        }
        assertThat(Files.readString(dir.resolve("old.txt"))).isEqualTo("the user's");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("old.txt");
        }
    }

    @Test
    void whatAChildWritesAfterItsParentWasCancelledIsRolledBackToo(@TempDir Path dir) throws Exception {
        var cancellation = new Cancellation();
        try (Session s = session(dir); var pool = Executors.newSingleThreadExecutor()) {
            var run = pool.submit(() -> s.run(List.of("parent"), cancellation));
            childStarted.await();
            cancellation.cancel();
            assertThat(run.get().exitCode()).isEqualTo(Session.CANCELLED);
        }
        childDone.await();
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aCommandPastItsTimeLimitStopsAndTheSessionServesOn(@TempDir Path dir) throws Exception {
        try (Session s = session(dir)) {
            long start = System.nanoTime();
            RunResult r = s.run(List.of("writer"), Duration.ofMillis(500));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
            assertThat(r.exitCode()).isEqualTo(Session.TIMED_OUT);
            assertThat(r.stderr()).isEqualTo("jemception: writer: timed out after 500 ms\n");
            try (var files = Files.list(dir)) {
                assertThat(files).isEmpty();
            }
            assertThat(s.run("no-such-program").exitCode()).isEqualTo(Session.COMMAND_NOT_FOUND);
        }
    }

    @Test
    void aHookThatThrowsDoesNotKeepTheOtherHooksOrTheInterruptsFromRunning() throws Exception {
        var cancellation = new Cancellation();
        var stopped = new CountDownLatch(1);
        cancellation.onCancel(() -> {
            throw new IllegalStateException("like GraalPy's close(true) after it cancelled");
        });
        cancellation.onCancel(stopped::countDown);
        var interrupted = new CountDownLatch(1);
        var entered = new CountDownLatch(1);
        Thread worker = Thread.ofPlatform().start(() -> {
            try (var running = cancellation.enter()) {
                entered.countDown();
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        });
        entered.await();
        cancellation.cancel();
        assertThat(stopped.getCount()).isZero();
        assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
        worker.join();
    }
}

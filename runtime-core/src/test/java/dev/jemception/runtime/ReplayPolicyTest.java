package dev.jemception.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jemception.runtime.cache.Caches;
import dev.jemception.vfs.ReadOnlyTree;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The result cache replays the runs of exactly the programs that say it may ({@link Program#replay}). */
class ReplayPolicyTest {
    static final AtomicInteger runs = new AtomicInteger();

    /** Doubles in.txt into out.txt, counting its real runs. */
    static final Program DOUBLER = process -> {
        runs.incrementAndGet();
        Path dir = process.fs().getPath(process.cwd());
        String in = Files.readString(dir.resolve("in.txt"));
        Files.writeString(dir.resolve("out.txt"), in + in);
        return 0;
    };

    /** As {@link #DOUBLER}, keeping a file of its own in /toolchain-cache: there after its first run. */
    static final Program CACHING_DOUBLER = process -> {
        Path own = process.fs().getPath("/toolchain-cache/compiled");
        if (!Files.exists(own)) {
            Files.writeString(own, "what the toolchain compiled for itself");
        }
        return DOUBLER.run(process);
    };

    static Session session(Path dir, Path cache) throws Exception {
        ProgramProvider provider = new ProgramProvider() {
            @Override
            public Map<String, Program> programs() {
                return Map.of("doubler", DOUBLER,
                        "replayable-doubler", Program.replayable(DOUBLER, process -> Replay.FILES),
                        "caching-doubler", Program.replayable(CACHING_DOUBLER,
                                process -> Replay.FILES.withToolchainCache("/toolchain-cache")));
            }

            @Override
            public Map<String, ReadOnlyTree> mounts() {
                return Map.of();
            }

            @Override
            public Map<String, ReadOnlyTree> writableMounts() {
                return Map.of("/toolchain-cache", ReadOnlyTree.empty("toolchain cache", () -> null));
            }
        };
        return Toolchain.of(List.of(provider)).newSession().caches(Caches.in(cache)).mountHost(dir).cwd(dir).build();
    }

    @Test
    void onlyAReplayableProgramIsReplayedAndOnlyForTheSameInputs(@TempDir Path dir, @TempDir Path cache) throws Exception {
        Files.writeString(dir.resolve("in.txt"), "ab");
        try (Session s = session(dir, cache)) {
            runs.set(0);
            s.run("doubler");
            s.run("doubler");
            assertThat(runs).hasValue(2);

            runs.set(0);
            Files.delete(dir.resolve("out.txt"));
            assertThat(s.run("replayable-doubler").exitCode()).isZero();
            Files.delete(dir.resolve("out.txt"));
            assertThat(s.run("replayable-doubler").exitCode()).isZero();
            assertThat(runs).hasValue(1);
            assertThat(Files.readString(dir.resolve("out.txt"))).isEqualTo("abab"); // written back by the replay

            Files.writeString(dir.resolve("in.txt"), "cd");
            assertThat(s.run("replayable-doubler").exitCode()).isZero();
            assertThat(runs).hasValue(2);
            assertThat(Files.readString(dir.resolve("out.txt"))).isEqualTo("cdcd");
        }
    }

    @Test
    void whatAProgramKeepsInItsToolchainCacheIsNeitherAnInputNorAnOutput(@TempDir Path dir, @TempDir Path cache) throws Exception {
        Files.writeString(dir.resolve("in.txt"), "ab");
        try (Session s = session(dir, cache)) {
            Path own = s.fileSystem().getPath("/toolchain-cache/compiled");
            runs.set(0);
            assertThat(s.run("caching-doubler").exitCode()).isZero();
            assertThat(own).exists();

            Files.delete(dir.resolve("out.txt"));
            assertThat(s.run("caching-doubler").exitCode()).isZero(); // its file there now: the same inputs
            assertThat(runs).hasValue(1);
            assertThat(Files.readString(dir.resolve("out.txt"))).isEqualTo("abab");

            Files.delete(own);
            Files.delete(dir.resolve("out.txt"));
            assertThat(s.run("caching-doubler").exitCode()).isZero();
            assertThat(runs).hasValue(1);
            assertThat(own).doesNotExist(); // not written back by the replay
            assertThat(Files.readString(dir.resolve("out.txt"))).isEqualTo("abab");
        }
    }
}

import dev.jemception.runtime.RunResult;
import dev.jemception.runtime.Session;
import dev.jemception.runtime.Toolchain;
import dev.jemception.runtime.cache.Caches;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Today's engine, as jemception runs it: box-llvm's build-time compiled classes through a Session (no result cache). */
final class ProductEngine implements LlvmEngineBench.Engine {
    private final Session session;

    ProductEngine(Path dir) throws java.io.IOException {
        session = Toolchain.load().newSession().caches(Caches.user().withResultCache(null)).mountHost(dir).cwd(dir).build();
    }

    @Override
    public int run(List<String> argv) {
        RunResult r = session.run(argv);
        System.err.print(r.stderr());
        return r.exitCode();
    }

    /**
     * em++ hello.cpp -o hello.js, {@code runs} times, as a user meets it: with the result cache, and
     * a new line in the source each run, so clang and the link run while compiler.mjs (whose input,
     * the link's settings, does not change) is served from the cache.
     */
    void emxx(Path dir, int runs) throws java.io.IOException {
        String hello = Files.readString(dir.resolve("hello.cpp"));
        try (Session cached = Toolchain.load().newSession().mountHost(dir).cwd(dir).build()) {
            for (int i = 1; i <= runs; i++) {
                Files.writeString(dir.resolve("emxx.cpp"), hello + "// " + System.nanoTime() + "\n");
                long start = System.currentTimeMillis();
                RunResult r = cached.run("em++", "emxx.cpp", "-o", "emxx.js");
                if (!r.succeeded()) {
                    throw new IllegalStateException("em++: " + r.stderr());
                }
                System.out.printf("chicory: em++ hello.cpp -o hello.js run %d %6.1f s%n", i,
                        (System.currentTimeMillis() - start) / 1000.0);
            }
        }
    }
}

package dev.jemception.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Time per program of one run ({@code JEMCEPTION_TIMES=1}, {@code jemception bench}). The command
 * of the run contains the time of every process it starts (em++ waits for clang, wasm-ld and
 * node): its own share is what remains.
 */
public final class ProgramTimes implements Session.ProcessListener {
    private final String top;
    private final Map<String, Long> inclusive = new TreeMap<>();

    /** Times for a run of the command {@code top}. */
    public ProgramTimes(String top) {
        this.top = top;
    }

    /** Forgets what was timed (a bench between runs). */
    public synchronized void clear() {
        inclusive.clear();
    }

    @Override
    public synchronized void exited(List<String> argv, int exitCode, long elapsedNanos) {
        inclusive.merge(Path.of(argv.get(0)).getFileName().toString(), elapsedNanos, Long::sum);
    }

    @Override
    public synchronized String toString() {
        long children = inclusive.entrySet().stream().filter(e -> !e.getKey().equals(top))
                .mapToLong(Map.Entry::getValue).sum();
        var parts = new StringBuilder();
        inclusive.forEach((name, nanos) -> parts.append(parts.isEmpty() ? "" : ", ").append(String.format(
                "%s %.1f s", name.equals(top) && inclusive.size() > 1 ? name + " itself" : name,
                (name.equals(top) ? nanos - children : nanos) / 1e9)));
        return parts.toString();
    }
}

package dev.jemception.cli;

import dev.jemception.runtime.Session;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Time per program of one run. The command of the run contains the time of every process it
 * starts (em++ waits for clang, wasm-ld and node): its own share is what remains.
 */
final class ProgramTimes implements Session.ProcessListener {
    private final String top;
    private final Map<String, Long> inclusive = new TreeMap<>();

    ProgramTimes(String top) {
        this.top = top;
    }

    synchronized void clear() {
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

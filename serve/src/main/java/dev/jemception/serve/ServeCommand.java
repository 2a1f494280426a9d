package dev.jemception.serve;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jemception serve}: starts a {@link CompileServer} and serves until the process is stopped. */
@Command(name = "jemception serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"A compile service and a web playground: the page at /, the HTTP API at /api (compile, run,"
                + " health, version) and Prometheus metrics at /metrics. Each request runs in a session of its own"
                + " over an in-memory directory: no host file is visible to it.", ""})
public final class ServeCommand implements Callable<Integer> {
    @Option(names = "--port", paramLabel = "PORT", description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port = 8080;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only).")
    String bind = "127.0.0.1";

    @Option(names = "--max-concurrent", paramLabel = "N", description = "Requests that run at once (default: the number of cores, ${DEFAULT-VALUE}).")
    int maxConcurrent = Runtime.getRuntime().availableProcessors();

    @Option(names = "--queue", paramLabel = "N", description = "Requests that wait for a slot; beyond them a request gets 429 with Retry-After (default: ${DEFAULT-VALUE}).")
    int queue = 16;

    @Option(names = "--time-limit", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long a compile or a run may take (and a request may wait for a slot) before it is stopped: 60s, 2m, 500ms (default: 60s).")
    Duration timeLimit = Duration.ofSeconds(60);

    @Option(names = "--max-request", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "Largest request body: bytes, or with k or m (default: 4m); larger ones get 413.")
    long maxRequest = 4L << 20;

    @Option(names = "--max-output", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "Most stdout, and stderr, a response carries; the rest is cut, flagged, and a run is stopped (default: 1m).")
    long maxOutput = 1L << 20;

    @Option(names = "--max-files", paramLabel = "N", description = "Most files in one compile request (default: ${DEFAULT-VALUE}).")
    int maxFiles = 64;

    @Option(names = "--no-result-cache", description = "Run every compile, never replaying a recorded result (also: JEMCEPTION_RESULT_CACHE=off).")
    boolean noResultCache;

    private final PrintStream out;
    private final PrintStream err;

    private ServeCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Runs {@code jemception serve ARGS}: returns when the server stops, or at once for --help or bad options. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        return new CommandLine(new ServeCommand(out, err))
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .setExecutionExceptionHandler((e, cli, parsed) -> {
                    err.println("jemception serve: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
                    return 1;
                })
                .execute(args.toArray(String[]::new));
    }

    @Override
    public Integer call() throws Exception {
        var options = new ServeOptions(bind, port, maxConcurrent, queue, timeLimit, maxRequest, (int) Math.min(maxOutput, 1 << 30),
                maxFiles, !noResultCache && !"off".equals(System.getenv("JEMCEPTION_RESULT_CACHE")));
        try (var server = CompileServer.start(options, err)) {
            out.printf("jemception serve: listening on %s (the playground at /, the API at /api, metrics at /metrics;"
                    + " %d at once, %d waiting, time limit %s, result cache %s)%n", server.uri(), maxConcurrent, queue,
                    format(timeLimit), options.resultCache() ? "on" : "off");
            out.flush();
            server.join();
        }
        return 0;
    }

    private static String format(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            var m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m)?").matcher(value.trim().toLowerCase(Locale.ROOT));
            if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
                throw new CommandLine.TypeConversionException("not a duration: '" + value + "' (60s, 2m, 500ms)");
            }
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2) == null ? "s" : m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofSeconds(n);
            };
        }
    }

    static final class SizeConverter implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            var m = java.util.regex.Pattern.compile("(\\d+)([km]?)").matcher(value.trim().toLowerCase(Locale.ROOT));
            if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
                throw new CommandLine.TypeConversionException("not a size: '" + value + "' (bytes, or 64k, 4m)");
            }
            return Long.parseLong(m.group(1)) << switch (m.group(2)) {
                case "k" -> 10;
                case "m" -> 20;
                default -> 0;
            };
        }
    }
}

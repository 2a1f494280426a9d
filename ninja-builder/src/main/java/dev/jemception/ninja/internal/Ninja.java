package dev.jemception.ninja.internal;

import dev.jemception.ninja.internal.Graph.Edge;
import dev.jemception.ninja.internal.Graph.Node;
import dev.jemception.runtime.ProcessContext;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The {@code ninja} program: ninja's command line over {@link ManifestParser} and {@link Builder}. */
@Command(name = "ninja", usageHelpAutoWidth = true,
        description = "jemception's ninja-compatible builder: runs each command as a jemception program, without a shell.")
public final class Ninja implements Callable<Integer> {
    /** The ninja release whose manifest language and behaviour this follows (CMake asks). */
    static final String VERSION = "1.11.1";

    @Option(names = "-C", paramLabel = "DIR", description = "Change to DIR before doing anything else.")
    String directory;

    @Option(names = "-f", paramLabel = "FILE", description = "The input build file (default build.ninja).")
    String file = "build.ninja";

    @Option(names = "-j", paramLabel = "N", description = "Run N jobs in parallel (default: the number of cores).")
    int jobs = Runtime.getRuntime().availableProcessors();

    @Option(names = "-k", paramLabel = "N", description = "Keep going until N jobs fail (0: no limit; default 1).")
    int failuresAllowed = 1;

    @Option(names = "-n", description = "Dry run: print the commands, run none.")
    boolean dryRun;

    @Option(names = "-v", description = "Show the command lines, not their descriptions.")
    boolean verbose;

    @Option(names = "-t", paramLabel = "TOOL", description = "Run a tool: clean, targets, recompact, restat, commands.")
    String tool;

    @Option(names = "--version", description = "Print the version of ninja this follows.")
    boolean version;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    @Parameters(paramLabel = "TARGET", description = "Targets to build (default: the manifest's defaults, else everything).")
    List<String> targets = new ArrayList<>();

    private final ProcessContext process;
    private final PrintStream out;
    private final PrintStream err;

    private Ninja(ProcessContext process) {
        this.process = process;
        this.out = new PrintStream(process.stdout(), true, StandardCharsets.UTF_8);
        this.err = new PrintStream(process.stderr(), true, StandardCharsets.UTF_8);
    }

    public static int run(ProcessContext process) {
        var ninja = new Ninja(process);
        return new CommandLine(ninja)
                .setOut(new PrintWriter(ninja.out, true))
                .setErr(new PrintWriter(ninja.err, true))
                .setExecutionExceptionHandler((e, cli, parsed) -> {
                    ninja.err.println("ninja: error: " + (e instanceof ManifestException || e instanceof UncheckedIOException
                            ? e.getMessage() : e.toString()));
                    return 1;
                })
                .execute(process.args().toArray(String[]::new));
    }

    @Override
    public Integer call() throws Exception {
        if (version) {
            out.println(VERSION);
            return 0;
        }
        Path dir = process.fs().getPath(process.cwd());
        if (directory != null) {
            dir = dir.resolve(directory).normalize();
            out.println("ninja: Entering directory `" + directory + "'");
        }
        Path base = dir;
        var graph = new Graph();
        var scope = new Scope(null);
        new ManifestParser(graph, name -> read(base.resolve(name), name)).parse(file, scope);
        String builddir = scope.lookup("builddir");
        var log = new BuildLog(dir.resolve(builddir.isEmpty() ? "." : builddir).resolve(BuildLog.NAME));
        if (tool != null) {
            return tool(tool, graph, log, dir);
        }
        List<Node> wanted = new ArrayList<>();
        for (String target : targets) {
            Node node = graph.existingNode(target);
            if (node == null) {
                throw new ManifestException("unknown target '" + target + "'");
            }
            wanted.add(node);
        }
        if (wanted.isEmpty()) {
            wanted.addAll(graph.defaults.isEmpty() ? graph.roots() : graph.defaults);
        }
        return new Builder(graph, process, dir, log, new Builder.Options(jobs, failuresAllowed, dryRun, verbose)).build(wanted);
    }

    private int tool(String name, Graph graph, BuildLog log, Path dir) throws IOException {
        switch (name) {
            case "clean" -> {
                int removed = 0;
                for (Edge e : graph.edges) {
                    if (e.isPhony() || e.flag("generator")) {
                        continue;
                    }
                    for (Node output : e.outputs) {
                        removed += Files.deleteIfExists(dir.resolve(output.path)) ? 1 : 0;
                    }
                    String depfile = e.binding("depfile");
                    if (!depfile.isEmpty()) {
                        Files.deleteIfExists(dir.resolve(depfile));
                    }
                }
                out.println("Cleaning... " + removed + " files.");
                return 0;
            }
            case "targets" -> {
                for (Edge e : graph.edges) {
                    for (Node output : e.outputs) {
                        out.println(output.path + ": " + e.rule.name());
                    }
                }
                return 0;
            }
            case "commands" -> {
                for (Edge e : graph.edges) {
                    if (!e.isPhony()) {
                        out.println(e.binding("command"));
                    }
                }
                return 0;
            }
            case "recompact" -> {
                log.recompact();
                return 0;
            }
            case "restat" -> {
                return 0; // the log keeps no times: nothing to refresh
            }
            default -> {
                err.println("ninja: error: unknown tool '" + name + "' (jemception's ninja has clean, targets, commands,"
                        + " recompact, restat)");
                return 1;
            }
        }
    }

    private static String read(Path path, String name) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ManifestException("loading '" + name + "': No such file or directory");
        } catch (IOException e) {
            throw new UncheckedIOException("loading '" + name + "': " + e.getMessage(), e);
        }
    }
}

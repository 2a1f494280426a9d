package dev.jemception.ninja.internal;

import dev.jemception.ninja.internal.Graph.Edge;
import dev.jemception.ninja.internal.Graph.Node;
import dev.jemception.runtime.ProcessContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;

/**
 * Brings targets up to date as ninja does: an edge runs when an output is missing, older than an
 * input (or a header its depfile listed last time), made by another command, or when an input was
 * rebuilt in this build ({@code restat} edges that leave their outputs untouched do not count);
 * up to {@code jobs} commands at once, pools respected, each command's output printed when it ends.
 */
final class Builder {
    record Options(int jobs, int failuresAllowed, boolean dryRun, boolean verbose) {}

    private final Graph graph;
    private final ProcessContext process;
    private final Path dir;
    private final BuildLog log;
    private final Options options;
    private final PrintStream out;
    private final Map<Node, Long> mtimes = new HashMap<>();

    Builder(Graph graph, ProcessContext process, Path dir, BuildLog log, Options options) {
        this.graph = graph;
        this.process = process;
        this.dir = dir;
        this.log = log;
        this.options = options;
        this.out = new PrintStream(process.stdout(), true, StandardCharsets.UTF_8);
    }

    /** Builds {@code targets}; returns 0, or 1 when a command failed (reported). */
    int build(List<Node> targets) throws Exception {
        List<Edge> order = new ArrayList<>();
        Set<Edge> visited = new HashSet<>();
        for (Node target : targets) {
            collect(target, null, order, visited, new LinkedHashSet<>());
        }
        Set<Edge> dirty = new HashSet<>();
        for (Edge e : order) {
            if (isDirty(e, n -> n.inEdge != null && dirty.contains(n.inEdge))) {
                dirty.add(e);
            }
        }
        int total = (int) dirty.stream().filter(e -> !e.isPhony()).count();
        if (total == 0) {
            out.println("ninja: no work to do.");
            return 0;
        }
        return run(order, total);
    }

    /** Depth first, inputs before the edges that use them; a missing source or a cycle is an error. */
    private void collect(Node node, Edge user, List<Edge> order, Set<Edge> visited, LinkedHashSet<Edge> path) {
        Edge e = node.inEdge;
        if (e == null) {
            if (mtime(node) < 0) {
                throw new ManifestException(user == null ? "unknown target '" + node.path + "'"
                        : "'" + node.path + "', needed by '" + user.outputs.get(0).path + "', missing and no known rule to make it");
            }
            return;
        }
        if (path.contains(e)) {
            var cycle = new StringBuilder();
            boolean in = false;
            for (Edge p : path) {
                in |= p == e;
                if (in) {
                    cycle.append(p.outputs.get(0).path).append(" -> ");
                }
            }
            throw new ManifestException("dependency cycle: " + cycle + node.path);
        }
        if (!visited.add(e)) {
            return;
        }
        path.add(e);
        for (Node input : e.inputs) {
            collect(input, e, order, visited, path);
        }
        path.remove(e);
        order.add(e);
    }

    private boolean isDirty(Edge e, Predicate<Node> rebuilt) {
        for (Node input : e.dependencies()) {
            if (rebuilt.test(input)) {
                return true;
            }
        }
        if (e.isPhony()) {
            return e.inputs.isEmpty() && e.outputs.stream().anyMatch(o -> mtime(o) < 0);
        }
        BuildLog.Entry entry = log.get(e.outputs.get(0).path);
        List<String> deps = entry != null && !e.binding("depfile").isEmpty() ? entry.deps() : List.of();
        for (String dep : deps) { // a generated header the depfile named (its edge is ordered by an input)
            Node node = graph.existingNode(dep);
            if (node != null && rebuilt.test(node)) {
                return true;
            }
        }
        long oldestOutput = Long.MAX_VALUE;
        for (Node output : e.outputs) {
            long m = mtime(output);
            if (m < 0) {
                return true;
            }
            oldestOutput = Math.min(oldestOutput, m);
        }
        for (Node input : e.dependencies()) {
            long m = mtime(input);
            if (m < 0 || m > oldestOutput) {
                return true;
            }
        }
        if (!e.flag("generator") && (entry == null || !entry.commandHash().equals(commandHash(e)))) {
            return true;
        }
        for (String dep : deps) {
            long m = mtime(dep);
            if (m < 0 || m > oldestOutput) {
                return true;
            }
        }
        return false;
    }

    private record Done(Edge edge, int code, boolean changed, byte[] output) {}

    private int run(List<Edge> order, int total) throws Exception {
        Map<Edge, Integer> waiting = new HashMap<>();
        Set<Edge> wanted = new HashSet<>(order);
        Deque<Edge> ready = new ArrayDeque<>();
        for (Edge e : order) {
            int n = 0;
            for (Node input : e.inputs) {
                if (input.inEdge != null && wanted.contains(input.inEdge)) {
                    n++;
                }
            }
            waiting.put(e, n);
            if (n == 0) {
                ready.add(e);
            }
        }
        Set<Node> changed = new HashSet<>();
        Set<Edge> failedOrSkipped = new HashSet<>();
        Map<String, Integer> poolUse = new HashMap<>();
        int started = 0;
        int failures = 0;
        int running = 0;
        ExecutorService executor = Executors.newFixedThreadPool(Math.max(1, options.jobs()), r -> {
            Thread t = new Thread(r, "ninja-job");
            t.setDaemon(true);
            return t;
        });
        var completion = new ExecutorCompletionService<Done>(executor);
        try {
            while (!ready.isEmpty() || running > 0) {
                boolean stopping = options.failuresAllowed() > 0 && failures >= options.failuresAllowed();
                Deque<Edge> deferred = new ArrayDeque<>();
                while (!ready.isEmpty()) {
                    Edge e = ready.poll();
                    boolean inputFailed = e.inputs.stream().anyMatch(n -> n.inEdge != null && failedOrSkipped.contains(n.inEdge));
                    if (inputFailed || stopping) {
                        failedOrSkipped.add(e);
                        finish(e, waiting, wanted, ready);
                        continue;
                    }
                    if (!isDirty(e, changed::contains)) {
                        finish(e, waiting, wanted, ready);
                        continue;
                    }
                    if (e.isPhony()) {
                        changed.addAll(e.outputs);
                        finish(e, waiting, wanted, ready);
                        continue;
                    }
                    String pool = e.binding("pool");
                    int depth = pool.isEmpty() ? Integer.MAX_VALUE : graph.pools.get(pool);
                    if (running >= Math.max(1, options.jobs()) || depth > 0 && poolUse.getOrDefault(pool, 0) >= depth) {
                        deferred.add(e);
                        continue;
                    }
                    poolUse.merge(pool, 1, Integer::sum);
                    started++;
                    String command = e.binding("command");
                    String description = e.binding("description");
                    out.println("[" + started + "/" + total + "] "
                            + (options.verbose() || description.isEmpty() ? command : description));
                    running++;
                    completion.submit(() -> execute(e, command, pool.equals("console")));
                }
                ready.addAll(deferred);
                if (running == 0) {
                    break;
                }
                Future<Done> next = completion.take();
                Done done = next.get();
                running--;
                poolUse.merge(done.edge().binding("pool"), -1, Integer::sum);
                if (done.output().length > 0 || done.code() != 0) {
                    if (done.code() != 0) {
                        failures++;
                        out.println("FAILED: " + String.join(" ", done.edge().outputs.stream().map(n -> n.path).toList()));
                        out.println(done.edge().binding("command"));
                        failedOrSkipped.add(done.edge());
                    }
                    out.write(done.output());
                    out.flush();
                }
                if (done.changed()) {
                    changed.addAll(done.edge().outputs);
                }
                finish(done.edge(), waiting, wanted, ready);
            }
        } finally {
            executor.shutdownNow();
            log.close();
        }
        if (failures > 0) {
            out.println("ninja: build stopped: " + (failures == 1 ? "subcommand failed." : "cannot make progress due to previous errors."));
            return 1;
        }
        return 0;
    }

    /** Marks {@code e} finished: the edges waiting for its outputs may become ready. */
    private static void finish(Edge e, Map<Edge, Integer> waiting, Set<Edge> wanted, Deque<Edge> ready) {
        for (Node output : e.outputs) {
            for (Edge user : output.outEdges) {
                if (wanted.contains(user) && waiting.merge(user, -1, Integer::sum) == 0) {
                    ready.add(user);
                }
            }
        }
    }

    /** Runs an edge's command (in a worker thread); its output is collected unless it is in the console pool. */
    private Done execute(Edge e, String command, boolean console) {
        var buffer = new ByteArrayOutputStream();
        OutputStream stdout = console ? process.stdout() : buffer;
        OutputStream stderr = console ? process.stderr() : buffer;
        if (options.dryRun()) {
            return new Done(e, 0, true, new byte[0]);
        }
        try {
            List<Long> before = new ArrayList<>();
            for (Node output : e.outputs) {
                before.add(fileMtime(output.path));
                Path parent = dir.resolve(output.path).getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
            }
            String rspfile = e.binding("rspfile");
            if (!rspfile.isEmpty()) {
                Files.writeString(dir.resolve(rspfile), e.binding("rspfile_content"), StandardCharsets.UTF_8);
            }
            int code = runCommand(command, stdout, stderr);
            if (code != 0) {
                return new Done(e, code, false, buffer.toByteArray());
            }
            if (!rspfile.isEmpty()) {
                Files.deleteIfExists(dir.resolve(rspfile));
            }
            List<String> deps = List.of();
            String depfile = e.binding("depfile");
            if (!depfile.isEmpty()) {
                Path file = dir.resolve(depfile);
                try {
                    deps = Depfile.prerequisites(Files.readString(file, StandardCharsets.UTF_8));
                } catch (NoSuchFileException missing) {
                    // the command wrote none: nothing to wait for
                }
                if (e.binding("deps").equals("gcc")) {
                    Files.deleteIfExists(file);
                }
            }
            String hash = commandHash(e);
            boolean changed = !e.flag("restat");
            for (int i = 0; i < e.outputs.size(); i++) {
                Node output = e.outputs.get(i);
                synchronized (mtimes) {
                    mtimes.remove(output);
                }
                changed |= fileMtime(output.path) != before.get(i);
                log.record(output.path, hash, deps);
            }
            return new Done(e, 0, changed, buffer.toByteArray());
        } catch (ManifestException | IOException ex) {
            buffer.writeBytes(("ninja: " + ex.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
            return new Done(e, 1, false, buffer.toByteArray());
        }
    }

    /** A command line run as {@link ShellCommand} reads it, each program in the session. */
    private int runCommand(String command, OutputStream stdout, OutputStream stderr) throws IOException {
        String cwd = dir.toString();
        for (List<String> argv : ShellCommand.parse(command)) {
            Map<String, String> env = process.env();
            int first = 0;
            if (argv.get(0).equals("env") || argv.get(0).endsWith("/env")) { // env NAME=VALUE... command
                env = new HashMap<>(env);
                for (first = 1; first < argv.size() && argv.get(first).indexOf('=') > 0; first++) {
                    String assignment = argv.get(first);
                    env.put(assignment.substring(0, assignment.indexOf('=')), assignment.substring(assignment.indexOf('=') + 1));
                }
            }
            List<String> words = argv.subList(first, argv.size());
            if (words.isEmpty()) {
                continue;
            }
            int code = switch (words.get(0)) {
                case ":", "true" -> 0;
                case "false" -> 1;
                case "cd" -> {
                    Path target = process.fs().getPath(cwd).resolve(words.size() > 1 ? words.get(1) : "/");
                    if (!Files.isDirectory(target)) {
                        stderr.write(("cd: " + target + ": No such directory\n").getBytes(StandardCharsets.UTF_8));
                        yield 1;
                    }
                    cwd = target.normalize().toString();
                    yield 0;
                }
                default -> process.run(words, env, cwd, InputStream.nullInputStream(), stdout, stderr);
            };
            if (code != 0) {
                return code;
            }
        }
        return 0;
    }

    String commandHash(Edge e) {
        try {
            var digest = MessageDigest.getInstance("SHA-256");
            digest.update(e.binding("command").getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(e.binding("rspfile_content").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest(), 0, 16);
        } catch (java.security.NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * A node's time: its file's, or for a phony output that is no file, the newest of its inputs'
     * (so that depending on a phony target means depending on what it names); -1 when missing.
     */
    private long mtime(Node node) {
        synchronized (mtimes) {
            Long known = mtimes.get(node);
            if (known != null) {
                return known;
            }
        }
        long m = fileMtime(node.path);
        if (m < 0 && node.inEdge != null && node.inEdge.isPhony() && !node.inEdge.inputs.isEmpty()) {
            m = 0;
            for (Node input : node.inEdge.dependencies()) {
                m = Math.max(m, Math.max(0, mtime(input)));
            }
        }
        synchronized (mtimes) {
            mtimes.put(node, m);
        }
        return m;
    }

    private long mtime(String path) {
        Node node = graph.existingNode(path);
        return node != null ? mtime(node) : fileMtime(path);
    }

    private long fileMtime(String path) {
        try {
            return Files.getLastModifiedTime(dir.resolve(path)).to(java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (IOException missing) {
            return -1;
        }
    }
}

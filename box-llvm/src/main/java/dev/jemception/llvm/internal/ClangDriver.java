package dev.jemception.llvm.internal;

import dev.jemception.runtime.ProcessContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * clang as a driver of several jobs. A WASI module cannot spawn processes, so when clang would run
 * a job of its own (wasm-ld to link, or several compiles), ask it for its plan with {@code -###}
 * and run each job as a jemception process. A single compile needs no plan: clang runs cc1
 * in-process.
 */
public final class ClangDriver {
    /** Arguments after which clang runs at most one in-process job and never spawns. */
    private static final Set<String> SINGLE_JOB = Set.of("-c", "-S", "-E", "-fsyntax-only", "-###", "-cc1", "-cc1as",
            "--version", "-help", "--help", "--help-hidden", "-M", "-MM", "-emit-llvm");
    private static final Pattern QUOTED = Pattern.compile(" (?:([^ \"]+)|\"((?:[^\"\\\\$]|\\\\[\"\\\\$])+)\"|\"\")");

    private static final Pattern HEADER =
            Pattern.compile("(clang version |Target: |Thread model: |InstalledDir: |Build config: )");

    private ClangDriver() {}

    /** Files clang compiles, by extension: more than one makes a job per file, even with -c. */
    private static final Pattern SOURCE = Pattern.compile(".*\\.(c|cc|cp|cpp|cxx|c\\+\\+|C|m|mm|i|ii|s|S|ll|bc)");
    /** Options whose value is the next argument and may look like a source file. */
    private static final Set<String> TAKES_VALUE = Set.of("-o", "-MF", "-MT", "-MQ", "-include", "-imacros", "-Xclang",
            "-main-file-name", "-dependency-file");

    public static int run(String tool, ProcessContext process) throws Exception {
        List<String> args = process.args();
        boolean oneJob = args.isEmpty() || args.get(0).startsWith("-cc1") || sources(args) <= 1
                && args.stream().anyMatch(a -> SINGLE_JOB.contains(a) || a.startsWith("-print-") || a.startsWith("-dump"));
        if (oneJob) {
            int code = LlvmModule.run(tool, process);
            if (code == 0) {
                DependencyFile.rewriteForHost(process, process.args(), process.session().toolchain().payloadMountPoints());
            }
            return code;
        }
        List<String> planArgs = new ArrayList<>(process.argv());
        planArgs.add(1, "-###");
        var plan = new ByteArrayOutputStream();
        int code = LlvmModule.run(tool, process.with(planArgs, InputStream.nullInputStream(), plan, plan));
        String output = plan.toString(StandardCharsets.UTF_8);
        List<List<String>> jobs = parseJobs(output);
        if (code != 0 || jobs == null || output.contains(" error: ")) {
            process.stderr().write(plan.toByteArray());
            return code != 0 ? code : 1;
        }
        if (process.args().contains("-v")) {
            process.stderr().write(plan.toByteArray());
        } else {
            process.stderr().write(diagnostics(output).getBytes(StandardCharsets.UTF_8)); // warnings
        }
        for (List<String> job : jobs) {
            int status = process.run(job, process.env(), process.cwd(), process.stdin(), process.stdout(), process.stderr());
            if (status != 0) {
                return status;
            }
        }
        return 0;
    }

    private static int sources(List<String> args) {
        int n = 0;
        for (int i = 0; i < args.size(); i++) {
            if (TAKES_VALUE.contains(args.get(i))) {
                i++;
            } else if (SOURCE.matcher(args.get(i)).matches() && !args.get(i).startsWith("-")) {
                n++;
            }
        }
        return n;
    }

    /**
     * The jobs in clang's {@code -###} output (none for {@code clang -v} alone, which only prints
     * the version), or null if a diagnostic follows the plan.
     */
    static List<List<String>> parseJobs(String output) {
        List<List<String>> jobs = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.startsWith(" \"")) {
                jobs.add(unquote(line));
            } else if (!jobs.isEmpty() && !line.isBlank()) {
                return null; // a diagnostic after the plan
            }
        }
        return jobs;
    }

    /** The plan's lines that are neither the version header nor jobs. */
    private static String diagnostics(String output) {
        var out = new StringBuilder();
        for (String line : output.split("\n")) {
            if (!line.startsWith(" \"") && !line.isBlank() && !HEADER.matcher(line).lookingAt()) {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }

    private static List<String> unquote(String line) {
        List<String> argv = new ArrayList<>();
        Matcher m = QUOTED.matcher(line);
        while (m.find()) {
            String plain = m.group(1);
            String quoted = m.group(2);
            argv.add(plain != null ? plain : quoted != null ? quoted.replaceAll("\\\\([\"\\\\$])", "$1") : "");
        }
        if (!argv.isEmpty() && argv.get(0).isEmpty()) {
            argv.remove(0); // an in-process job: no executable path, then argv
        }
        return argv;
    }
}

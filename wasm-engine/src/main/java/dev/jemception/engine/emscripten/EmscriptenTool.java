package dev.jemception.engine.emscripten;

import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionType;
import dev.jemception.engine.Engines;
import dev.jemception.engine.internal.WasmtimeModule;
import dev.jemception.packs.CompiledModule;
import dev.jemception.runtime.ProcessContext;
import dev.jemception.runtime.WasmEngine;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * An Emscripten-built tool (binaryen's, CMake): its module compiled at build time and the maps
 * between its minified import/export names and Emscripten symbols, both written by the build next
 * to the class that owns it ({@code NAME.properties}, {@code NAME.meta.wasm}). Load once per JVM;
 * each {@link #run} is a fresh instance with the JS runtime Emscripten's glue would give it, in Java.
 * A tool the build also shipped for wasmtime ({@code NAME.wasmtime.wasm}: C++ exceptions unwound
 * inside the module, since wasmtime-java cannot reach a table) runs there when the session's
 * engine is wasmtime.
 */
public final class EmscriptenTool {
    /** What the build names the module it ships for wasmtime: {@code NAME} + this. */
    public static final String WASMTIME_SUFFIX = ".wasmtime.wasm";
    /**
     * The exports the build adds to that module: one returns 1 when a C++ exception unwound to the
     * entry point, the other makes the module unwind from the import that is returning.
     */
    public static final String UNWINDING_EXPORT = "jemception_unwinding", UNWIND_EXPORT = "jemception_unwind";

    final String name;
    final CompiledModule module;
    /** The module wasmtime runs, or null: Chicory whatever the session chose. */
    final WasmtimeModule wasmtime;
    /** Minified import name → Emscripten symbol ({@code _fd_write}, {@code invoke_vii}...). */
    final Map<String, String> imports = new HashMap<>();
    /** Emscripten symbol → minified export name. */
    final Map<String, String> exports = new HashMap<>();

    /** What the tool's {@code system(command)} does; without one, {@code system} fails with ENOSYS. */
    @FunctionalInterface
    public interface SystemCall {
        /** Runs {@code command} for the process; returns a wait status ({@code exit code << 8}). */
        int run(String command, ProcessContext process, String cwd);
    }

    private EmscriptenTool(Class<?> owner, String name) {
        this.name = name;
        var props = new Properties();
        try (InputStream in = owner.getResourceAsStream(name + ".properties")) {
            if (in == null) {
                throw new IllegalStateException(owner.getPackageName() + "/" + name + ".properties is missing: build the project first");
            }
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String key : props.stringPropertyNames()) {
            if (key.startsWith("import.")) {
                imports.put(key.substring("import.".length()), props.getProperty(key));
            } else if (key.startsWith("export.")) {
                exports.put(key.substring("export.".length()), props.getProperty(key));
            }
        }
        this.module = CompiledModule.load(owner, name + ".meta.wasm", props.getProperty("machine"));
        this.wasmtime = owner.getResource(name + WASMTIME_SUFFIX) == null ? null
                : new WasmtimeModule(name, () -> resource(owner, name + WASMTIME_SUFFIX));
    }

    private static byte[] resource(Class<?> owner, String name) {
        try (InputStream in = owner.getResourceAsStream(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Loads the tool's code for {@code engine} in this thread, for the next run to take (the
     * Chicory classes are loaded with the tool).
     */
    public void warmUp(WasmEngine engine) {
        if (wasmtime != null && Engines.resolve(engine) == WasmEngine.WASMTIME) {
            wasmtime.load();
        }
    }

    /** Whether {@code process} runs the tool on wasmtime: the session's engine, and a module shipped for it. */
    boolean onWasmtime(ProcessContext process) {
        return wasmtime != null && Engines.resolve(process.session().wasmEngine()) == WasmEngine.WASMTIME;
    }

    /** The type of the function the module exports as {@code exportName}. */
    FunctionType exportType(String exportName) {
        var module = this.module.module();
        var exports = module.exportSection();
        for (int i = 0; i < exports.exportCount(); i++) {
            Export export = exports.getExport(i);
            int defined = export.index() - module.importSection().count(ExternalType.FUNCTION);
            if (export.exportType() == ExternalType.FUNCTION && export.name().equals(exportName) && defined >= 0) {
                return module.functionSection().getFunctionType(defined, module.typeSection());
            }
        }
        throw new IllegalStateException(name + " exports no function " + exportName);
    }

    /** The name the module exports its memory as. */
    String memoryExport() {
        var exports = module.module().exportSection();
        for (int i = 0; i < exports.exportCount(); i++) {
            if (exports.getExport(i).exportType() == ExternalType.MEMORY) {
                return exports.getExport(i).name();
            }
        }
        throw new IllegalStateException(name + " exports no memory");
    }

    /** Loads the tool {@code name} (e.g. "wasm-opt") from the resources next to {@code owner}. */
    public static EmscriptenTool load(Class<?> owner, String name) {
        return new EmscriptenTool(owner, name);
    }

    /** Runs the tool as a process, {@code argv[0]} as the caller gave it: returns its exit code. */
    public int run(ProcessContext process) {
        return run(process, process.argv().get(0), null);
    }

    /**
     * Runs the tool as a process with {@code programPath} as its {@code argv[0]} (tools that find
     * their data next to their executable) and {@code system} answering its {@code system()} calls.
     */
    public int run(ProcessContext process, String programPath, SystemCall system) {
        return new EmscriptenProcess(this, process, programPath, system).run();
    }
}

package dev.jemception.engine.emscripten;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.google.common.base.Suppliers;
import dev.jemception.engine.Engines;
import dev.jemception.engine.internal.WasmtimeModule;
import dev.jemception.packs.CompiledModule;
import dev.jemception.runtime.ProcessContext;
import dev.jemception.runtime.ResourceFile;
import dev.jemception.runtime.WasmEngine;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * An Emscripten-built tool (binaryen's, CMake): the maps between its minified import/export names
 * and Emscripten symbols ({@code NAME.properties}) and its module compiled to JVM classes for
 * Chicory ({@code NAME.meta.wasm} and a machine class, loaded on Chicory's first run, from the
 * jar the properties name), both written by the build in the package of the class that owns the
 * tool. Load once per JVM; each {@link #run} is a fresh instance with the JS runtime Emscripten's
 * glue would give it, in Java.
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
    /** The JVM classes Chicory runs, loaded on first use: a jar wasmtime does not need may lack them. */
    final Supplier<CompiledModule> compiled;
    /** The module wasmtime runs, or null: Chicory whatever the session chose. */
    final WasmtimeModule wasmtime;
    /** The imports, types and exports of the module wasmtime runs (its code left unread). */
    private final Supplier<WasmModule> wasmtimeShape;
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
        this.compiled = Suppliers.memoize(() -> CompiledModule.load(owner, name + ".meta.wasm", props.getProperty("machine"),
                props.getProperty("machineArtifact")));
        this.wasmtime = owner.getResource(name + WASMTIME_SUFFIX) == null ? null
                : WasmtimeModule.ofResource(name, owner, name + WASMTIME_SUFFIX);
        this.wasmtimeShape = Suppliers.memoize(() -> ModuleInterface.parse(resource(owner, name + WASMTIME_SUFFIX)));
    }

    private static byte[] resource(Class<?> owner, String name) {
        try {
            return ResourceFile.readAllBytes(owner, name); // the copy wasmtime reads: not inflated again
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads the tool's code for {@code engine} in this thread, for the next run to take. */
    public void warmUp(WasmEngine engine) {
        if (onWasmtime(engine)) {
            wasmtime.load();
            wasmtimeShape.get();
        } else {
            compiled.get();
        }
    }

    /** Whether the tool runs on wasmtime when {@code engine} is chosen: it does, and the build shipped a module for it. */
    boolean onWasmtime(WasmEngine engine) {
        return wasmtime != null && Engines.resolve(engine) == WasmEngine.WASMTIME;
    }

    /** The module whose imports and exports a run on wasmtime, or on Chicory, binds. */
    WasmModule shape(boolean onWasmtime) {
        return onWasmtime ? wasmtimeShape.get() : compiled.get().module();
    }

    /** The type of the function {@code module} exports as {@code exportName}. */
    FunctionType exportType(WasmModule module, String exportName) {
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

    /** The name {@code module} exports its memory as. */
    String memoryExport(WasmModule module) {
        var exports = module.exportSection();
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

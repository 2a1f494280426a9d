package dev.jemception.engine.emscripten;

import dev.jemception.packs.CompiledModule;
import dev.jemception.runtime.ProcessContext;
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
 */
public final class EmscriptenTool {
    final String name;
    final CompiledModule module;
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

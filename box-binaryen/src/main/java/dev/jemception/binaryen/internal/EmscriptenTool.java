package dev.jemception.binaryen.internal;

import dev.jemception.packs.CompiledModule;
import dev.jemception.runtime.ProcessContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One binaryen tool: its compiled module and the maps between its minified import/export names
 * and Emscripten symbols, both written by the build. Loaded once per JVM; each run is a fresh
 * {@link EmscriptenProcess}.
 */
public final class EmscriptenTool {
    private static final Map<String, EmscriptenTool> LOADED = new ConcurrentHashMap<>();

    final String name;
    final CompiledModule module;
    /** Minified import name → Emscripten symbol ({@code _fd_write}, {@code invoke_vii}...). */
    final Map<String, String> imports = new HashMap<>();
    /** Emscripten symbol → minified export name. */
    final Map<String, String> exports = new HashMap<>();

    private EmscriptenTool(String name) {
        this.name = name;
        var props = new Properties();
        try (InputStream in = EmscriptenTool.class.getResourceAsStream(name + ".properties")) {
            if (in == null) {
                throw new IllegalStateException("box-binaryen resource " + name + ".properties is missing: build the project first");
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
        this.module = CompiledModule.load(EmscriptenTool.class, name + ".meta.wasm", props.getProperty("machine"));
    }

    /** The tools the build compiled ({@code wasm-opt}, {@code wasm-metadce} ...), in its order. */
    public static List<String> names() {
        try (InputStream in = EmscriptenTool.class.getResourceAsStream("binaryen-tools.txt")) {
            if (in == null) {
                throw new IllegalStateException("box-binaryen resource binaryen-tools.txt is missing: build the project first");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The tool named {@code name} (e.g. "wasm-opt"), loaded on first use. */
    public static EmscriptenTool get(String name) {
        return LOADED.computeIfAbsent(name, EmscriptenTool::new);
    }

    /** Runs the tool as a process: returns its exit code. */
    public int run(ProcessContext process) {
        return new EmscriptenProcess(this, process).run();
    }
}

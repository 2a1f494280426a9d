package dev.jemception.packs;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import dev.jemception.runtime.ProgramUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * A wasm module compiled to JVM classes at build time (build-tools' {@code AotCompiler}):
 * the small "meta" module (compiled bodies stubbed out) and the constructor of its compiled
 * {@link Machine}. Load once per JVM; every run makes its own {@link Instance} over it.
 */
public final class CompiledModule {
    private final WasmModule module;
    private final MethodHandle machine;

    private CompiledModule(WasmModule module, MethodHandle machine) {
        this.module = module;
        this.machine = machine;
    }

    /**
     * Loads the meta module {@code metaResource} (in the owner's package) and the machine class
     * {@code machineClass}, both written by a build step into the jar of {@code artifact}.
     *
     * @throws ProgramUnavailableException naming {@code artifact} when they are not on the class path
     */
    public static CompiledModule load(Class<?> owner, String metaResource, String machineClass, String artifact) {
        String missing = "Chicory (the pure-Java wasm engine) needs " + owner.getPackageName() + "/" + metaResource
                + " and its JVM classes, which come with " + artifact + ", not on this class path"
                + " (wasmtime, the engine where its native library loads, does not need them)";
        try (InputStream meta = owner.getResourceAsStream(metaResource)) {
            if (meta == null) {
                throw new ProgramUnavailableException(missing, null);
            }
            var module = Parser.parse(meta);
            Class<?> type = Class.forName(machineClass, true, owner.getClassLoader());
            var constructor = MethodHandles.publicLookup()
                    .findConstructor(type, MethodType.methodType(void.class, Instance.class));
            return new CompiledModule(module, constructor);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ReflectiveOperationException e) {
            throw new ProgramUnavailableException(missing, e);
        }
    }

    public WasmModule module() {
        return module;
    }

    /**
     * A builder of a new instance of this module: its compiled machine, its memory in one array
     * ({@link FlatMemory}), {@code _start} not run. Add the imports and build.
     */
    public Instance.Builder instanceBuilder() {
        return Instance.builder(module)
                .withMachineFactory(this::machine)
                .withMemoryFactory(FlatMemory::new)
                .withStart(false);
    }

    private Machine machine(Instance instance) {
        try {
            return (Machine) machine.invoke(instance);
        } catch (Throwable e) {
            throw new IllegalStateException("cannot create the compiled machine of " + module, e);
        }
    }
}

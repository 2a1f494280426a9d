package dev.jemception.packs;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
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
     * Loads the meta module {@code metaResource} (next to {@code owner}) and the machine class
     * {@code machineClass}, both written into the owner's jar by its build step.
     */
    public static CompiledModule load(Class<?> owner, String metaResource, String machineClass) {
        try (InputStream meta = owner.getResourceAsStream(metaResource)) {
            if (meta == null) {
                throw new IllegalStateException(owner.getPackageName() + "/" + metaResource
                        + " is missing: build the project first");
            }
            var module = Parser.parse(meta);
            Class<?> type = Class.forName(machineClass, true, owner.getClassLoader());
            var constructor = MethodHandles.publicLookup()
                    .findConstructor(type, MethodType.methodType(void.class, Instance.class));
            return new CompiledModule(module, constructor);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the compiled classes of " + metaResource + " are missing: build the project first", e);
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

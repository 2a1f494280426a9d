package dev.jemception.engine.internal;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import com.google.common.util.concurrent.Uninterruptibles;
import dev.jemception.runtime.ProcessContext;
import dev.jemception.runtime.ResourceFile;
import io.github.kawamuray.wasmtime.Disposable;
import io.github.kawamuray.wasmtime.Engine;
import io.github.kawamuray.wasmtime.Extern;
import io.github.kawamuray.wasmtime.Func;
import io.github.kawamuray.wasmtime.FuncType;
import io.github.kawamuray.wasmtime.ImportType;
import io.github.kawamuray.wasmtime.Instance;
import io.github.kawamuray.wasmtime.Module;
import io.github.kawamuray.wasmtime.Store;
import io.github.kawamuray.wasmtime.Val;
import io.github.kawamuray.wasmtime.WasmFunctionError;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * A module run by wasmtime with host functions written for Chicory (WASI's, the Emscripten
 * host's). Each run has a {@link Store} of its own (its memory, its host state) and takes an {@link Engine} with the compiled module for itself: cancelling a run
 * advances its engine's epoch, which stops every store of that engine (wasmtime-java cannot move
 * one store's deadline while it runs), so engines are not shared by runs at the same time. An
 * engine, once loaded, serves run after run; a new one is loaded only when all are busy, up to one
 * per core. The host functions are bridged to wasmtime's: WASI is Chicory's {@code WasiPreview1}
 * over the session's file system, the same sandbox the Chicory engine gives.
 */
public final class WasmtimeModule {
    /** A module with one memory and nothing else: the Chicory instance the host functions see. */
    private static final WasmModule MEMORY_ONLY = Parser.parse(new byte[] {
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // header
        0x05, 0x03, 0x01, 0x00, 0x00, // memory section: one memory of 0 pages
    });

    /**
     * The native stack a run gets. wasmtime runs wasm on the calling thread's stack and traps at
     * its own limit (2 MiB, {@link WasmtimeLibrary}); a JVM thread may have far less (1 MB unless
     * -Xss says otherwise, as in an application embedding jemception), and running out of native
     * stack kills the JVM instead of trapping. So each run has a thread of its own with this much.
     */
    private static final long NATIVE_STACK = 16L << 20;

    private final String name;
    private final Source source;
    private final Semaphore engines = new Semaphore(Math.max(2, Runtime.getRuntime().availableProcessors()), true);
    private final Deque<Compiled> idle = new ArrayDeque<>();
    /** An engine being loaded ahead of the runs ({@link #load}), which the next run waits for; guarded by {@code idle}. */
    private CompletableFuture<Compiled> ahead;

    private record Compiled(Engine engine, Module module, List<ImportType> imports) {}

    /** Where an engine gets the module from. */
    private interface Source {
        Module load(Engine engine) throws IOException;
    }

    private WasmtimeModule(String name, Source source) {
        this.name = name;
        this.source = source;
    }

    /** {@code wasm} gives the module's bytes when an engine is loaded (kept by nobody in between). */
    public WasmtimeModule(String name, Supplier<byte[]> wasm) {
        this(name, engine -> new Module(engine, wasm.get()));
    }

    /**
     * The module that is {@code owner}'s class-path resource {@code resource}. wasmtime reads it
     * from its file ({@link ResourceFile}): a fresh JVM does not inflate it from the jar into the heap.
     */
    public static WasmtimeModule ofResource(String name, Class<?> owner, String resource) {
        return new WasmtimeModule(name, engine -> {
            Optional<Path> file = ResourceFile.of(owner, resource);
            return file.isPresent() ? Module.fromFile(engine, file.get().toString())
                    : new Module(engine, ResourceFile.readFromClassPath(owner, resource));
        });
    }

    /**
     * Compiles the module (or loads it from wasmtime's code cache), in this thread, into an engine
     * that the next run takes: at build time it fills the cache; in a daemon starting up it keeps
     * the first command from waiting for it. A run that starts meanwhile waits for this engine
     * rather than loading another. Does nothing when an engine is loaded or being loaded.
     */
    public void load() {
        var future = new CompletableFuture<Compiled>();
        synchronized (idle) {
            if (!idle.isEmpty() || ahead != null) {
                return;
            }
            ahead = future;
        }
        try {
            Compiled c = compile();
            synchronized (idle) {
                if (ahead == future) { // no run took it while it loaded
                    ahead = null;
                    idle.push(c);
                }
            }
            future.complete(c);
        } catch (RuntimeException e) {
            synchronized (idle) {
                if (ahead == future) {
                    ahead = null;
                }
            }
            future.completeExceptionally(e);
            throw e;
        }
    }

    /** A running instance as its entry code sees it: the memory and the exports. */
    public interface Running {
        Memory memory();

        /**
         * The export {@code name} of type {@code type}, called with Chicory's conventions (numbers
         * as longs). An exception a host function threw during the call comes out of it as thrown.
         */
        ExportFunction export(String name, FunctionType type);
    }

    /** What runs once the module is instantiated: the caller's use of the instance. */
    public interface Entry<T> {
        T run(Running instance) throws Exception;
    }

    /**
     * Instantiates the module with {@code host} as its imports (matched by module and name) in a
     * store of its own, and runs {@code entry} on it; {@code memoryExport} names the memory the
     * host functions see.
     */
    public <T> T run(ProcessContext process, List<HostFunction> host, String memoryExport, Entry<T> entry) throws Exception {
        engines.acquire();
        Compiled c;
        CompletableFuture<Compiled> loading = null;
        synchronized (idle) {
            c = idle.poll();
            if (c == null && ahead != null) {
                loading = ahead;
                ahead = null;
            }
        }
        try {
            if (c == null) {
                c = loading != null ? join(loading) : compile();
            }
            Compiled engine = c;
            return onLargeStack(() -> run(engine, process, host, memoryExport, entry));
        } finally {
            if (c != null) {
                synchronized (idle) {
                    idle.push(c);
                }
            }
            engines.release();
        }
    }

    /**
     * Runs {@code call} on a new thread with {@link #NATIVE_STACK} of stack, waiting for it even
     * when interrupted (a cancellation stops the wasm through the epoch). The thread inherits the
     * caller's VFS listeners, as every thread a program starts does.
     */
    private static <T> T onLargeStack(Callable<T> call) throws Exception {
        var result = new CompletableFuture<T>();
        Thread thread = new Thread(null, () -> {
            try {
                result.complete(call.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "jemception wasmtime", NATIVE_STACK);
        thread.start();
        Uninterruptibles.joinUninterruptibly(thread); // keeps the caller's interrupt for it
        try {
            return result.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            } else if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            throw e;
        }
    }

    private static Compiled join(CompletableFuture<Compiled> loading) {
        try {
            return loading.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private Compiled compile() {
        Engine engine = null;
        try (var config = WasmtimeLibrary.configuration()) {
            engine = new Engine(config);
            Module module = source.load(engine);
            return new Compiled(engine, module, List.of(module.imports()));
        } catch (Exception | LinkageError e) {
            if (engine != null) {
                engine.dispose();
            }
            throw new IllegalStateException("wasmtime cannot load " + name + ": " + e, e);
        }
    }

    private <T> T run(Compiled c, ProcessContext process, List<HostFunction> host, String memoryExport, Entry<T> entry)
            throws Exception {
        List<Disposable> owned = new ArrayList<>();
        var store = new Store<Void>(null, c.engine());
        try {
            var memory = new BufferMemory(store);
            var view = com.dylibso.chicory.runtime.Instance.builder(MEMORY_ONLY)
                    .withMemoryFactory(limits -> memory).withStart(false).build();
            Map<String, HostFunction> byName = new HashMap<>();
            for (HostFunction f : host) {
                byName.put(f.module() + "." + f.name(), f);
            }
            var thrown = new AtomicReference<Throwable>();
            List<Extern> imports = new ArrayList<>();
            for (ImportType imp : c.imports()) {
                HostFunction f = byName.get(imp.module() + "." + imp.name());
                if (f == null) {
                    throw new IllegalStateException(name + " imports " + imp.module() + "." + imp.name() + ", which jemception does not provide");
                }
                Func func = bridge(store, f, view, memory, thrown);
                owned.add(func);
                imports.add(Extern.fromFunc(func));
            }
            var instance = new Instance(store, c.module(), imports);
            owned.add(instance);
            var exported = instance.getMemory(store, memoryExport)
                    .orElseThrow(() -> new IllegalStateException(name + " exports no memory " + memoryExport));
            owned.add(exported);
            memory.bind(exported);
            Running running = new Running() {
                @Override
                public Memory memory() {
                    return memory;
                }

                @Override
                public ExportFunction export(String export, FunctionType type) {
                    Func func = instance.getFunc(store, export)
                            .orElseThrow(() -> new IllegalStateException(name + " has no export " + export));
                    owned.add(func);
                    return args -> call(store, func, type, args, memory, thrown);
                }
            };
            store.setEpochDeadline(1); // a cancellation advances the engine's epoch by one: this run traps at once
            try (var cancel = process.onCancel(c.engine()::incrementEpoch)) {
                return entry.run(running);
            }
        } finally {
            Collections.reverse(owned);
            owned.forEach(Disposable::dispose);
            store.dispose();
        }
    }

    /**
     * Calls {@code func}. A host function's exception unwinds the wasm frames as a trap (wasmtime
     * carries only a message) and is thrown again here, at the call it unwound to: WASI's
     * {@code proc_exit} reaches its caller this way, as an Emscripten host's exit does.
     */
    private long[] call(Store<Void> store, Func func, FunctionType type, long[] args, BufferMemory memory,
            AtomicReference<Throwable> thrown) {
        Val[] in = new Val[args.length];
        for (int i = 0; i < args.length; i++) {
            in[i] = val(type.params().get(i), args[i]);
        }
        Val[] out;
        try {
            out = func.call(store, in);
        } catch (RuntimeException e) { // a trap (unreachable, out of bounds, the epoch), or a host function's exception
            Throwable host = thrown.getAndSet(null);
            if (host instanceof RuntimeException r) {
                throw r;
            } else if (host instanceof Error r) {
                throw r;
            } else if (host != null) {
                throw new IllegalStateException(host);
            }
            throw new IllegalStateException(name + " trapped: " + e.getMessage(), e);
        } finally {
            memory.refresh(); // the call may have grown it
        }
        return bits(out);
    }

    /**
     * Chicory host function {@code f} as a wasmtime function of {@code store}. Its exception is
     * kept in {@code thrown} and ends the wasm frames up to the nearest {@link #call}, which throws it.
     */
    private static Func bridge(Store<Void> store, HostFunction f, com.dylibso.chicory.runtime.Instance view,
            BufferMemory memory, AtomicReference<Throwable> thrown) {
        List<ValType> returns = f.returnTypes();
        var type = new FuncType(f.paramTypes().stream().map(WasmtimeModule::type).toArray(Val.Type[]::new),
                returns.stream().map(WasmtimeModule::type).toArray(Val.Type[]::new));
        return new Func(store, type, (caller, in, out) -> {
            long[] args = bits(in);
            long[] results;
            try {
                memory.refresh();
                results = f.handle().apply(view, args);
            } catch (Throwable e) {
                thrown.set(e);
                throw new WasmFunctionError.I32ExitError(1); // unwinds like proc_exit; the code is not used
            }
            for (int i = 0; i < out.length; i++) {
                out[i] = val(returns.get(i), results[i]);
            }
        });
    }

    /** wasmtime's values as Chicory passes them: numbers in longs, floats by their bits. */
    private static long[] bits(Val[] values) {
        long[] bits = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = switch (values[i].getType()) {
                case I32 -> values[i].i32();
                case I64 -> values[i].i64();
                case F32 -> Float.floatToRawIntBits(values[i].f32());
                case F64 -> Double.doubleToRawLongBits(values[i].f64());
                default -> throw new IllegalStateException("unexpected value type " + values[i].getType());
            };
        }
        return bits;
    }

    private static Val val(ValType t, long value) {
        return t.equals(ValType.I32) ? Val.fromI32((int) value)
                : t.equals(ValType.I64) ? Val.fromI64(value)
                : t.equals(ValType.F32) ? Val.fromF32(Float.intBitsToFloat((int) value))
                : Val.fromF64(Double.longBitsToDouble(value));
    }

    private static Val.Type type(ValType t) {
        if (t.equals(ValType.I32)) {
            return Val.Type.I32;
        } else if (t.equals(ValType.I64)) {
            return Val.Type.I64;
        } else if (t.equals(ValType.F32)) {
            return Val.Type.F32;
        } else if (t.equals(ValType.F64)) {
            return Val.Type.F64;
        }
        throw new IllegalArgumentException("no wasmtime type for " + t);
    }
}

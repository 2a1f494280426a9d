package dev.jemception.engine.internal;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ValType;
import com.google.common.util.concurrent.Uninterruptibles;
import dev.jemception.runtime.ProcessContext;
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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A WASI command module run by wasmtime. Each run has a {@link Store} of its own (its memory, its
 * WASI state) and takes an {@link Engine} with the compiled module for itself: cancelling a run
 * advances its engine's epoch, which stops every store of that engine (wasmtime-java cannot move
 * one store's deadline while it runs), so engines are not shared by runs at the same time. An
 * engine, once loaded, serves run after run; a new one is loaded only when all are busy, up to one
 * per core. The WASI functions are Chicory's {@code WasiPreview1} over the session's file system,
 * the same sandbox the Chicory engine gives, bridged to wasmtime's host functions.
 */
public final class WasmtimeModule {
    /** A module with one memory and nothing else: the Chicory instance the WASI functions see. */
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
    private final Supplier<byte[]> wasm;
    private final Semaphore engines = new Semaphore(Math.max(2, Runtime.getRuntime().availableProcessors()), true);
    private final Deque<Compiled> idle = new ArrayDeque<>();
    /** An engine being loaded ahead of the runs ({@link #load}), which the next run waits for; guarded by {@code idle}. */
    private CompletableFuture<Compiled> ahead;

    private record Compiled(Engine engine, Module module, List<ImportType> imports) {}

    /** {@code wasm} gives the module's bytes when an engine is loaded (kept by nobody in between). */
    public WasmtimeModule(String name, Supplier<byte[]> wasm) {
        this.name = name;
        this.wasm = wasm;
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

    /**
     * Runs {@code _start} with {@code wasi}'s functions; {@code beforeStart} prepares the memory.
     * The exit code is {@code proc_exit}'s, 0 when {@code _start} returns.
     */
    public int run(WasiPreview1 wasi, ProcessContext process, Consumer<Memory> beforeStart) throws Exception {
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
            return onLargeStack(() -> run(engine, wasi, process, beforeStart));
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
    private static int onLargeStack(Callable<Integer> call) throws Exception {
        var result = new CompletableFuture<Integer>();
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
            rethrow(e.getCause());
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
            Module module = new Module(engine, wasm.get());
            return new Compiled(engine, module, List.of(module.imports()));
        } catch (Exception | LinkageError e) {
            if (engine != null) {
                engine.dispose();
            }
            throw new IllegalStateException("wasmtime cannot load " + name + ": " + e, e);
        }
    }

    private int run(Compiled c, WasiPreview1 wasi, ProcessContext process, Consumer<Memory> beforeStart) throws Exception {
        var failure = new AtomicReference<Throwable>();
        List<Disposable> owned = new ArrayList<>();
        var store = new Store<Void>(null, c.engine());
        try {
            var memory = new BufferMemory(store);
            var view = com.dylibso.chicory.runtime.Instance.builder(MEMORY_ONLY)
                    .withMemoryFactory(limits -> memory).withStart(false).build();
            Map<String, HostFunction> host = new HashMap<>();
            for (HostFunction f : wasi.toHostFunctions()) {
                host.put(f.module() + "." + f.name(), f);
            }
            List<Extern> imports = new ArrayList<>();
            for (ImportType imp : c.imports()) {
                HostFunction f = host.get(imp.module() + "." + imp.name());
                if (f == null) {
                    throw new IllegalStateException(name + " imports " + imp.module() + "." + imp.name() + ", which jemception does not provide");
                }
                Func func = bridge(store, f, view, memory, failure);
                owned.add(func);
                imports.add(Extern.fromFunc(func));
            }
            var instance = new Instance(store, c.module(), imports);
            owned.add(instance);
            var exported = instance.getMemory(store, "memory").orElseThrow(() -> new IllegalStateException(name + " exports no memory"));
            owned.add(exported);
            memory.bind(exported);
            beforeStart.accept(memory);
            Func start = instance.getFunc(store, "_start").orElseThrow(() -> new IllegalStateException(name + " has no _start"));
            owned.add(start);
            store.setEpochDeadline(1); // a cancellation advances the engine's epoch by one: this run traps at once
            try (var cancel = process.onCancel(c.engine()::incrementEpoch)) {
                start.call(store);
                return 0;
            } catch (WasmFunctionError.I32ExitError e) {
                rethrow(failure.get());
                return e.exitCode();
            } catch (RuntimeException e) { // a trap (unreachable, out of bounds, the epoch), or a host function's failure
                rethrow(failure.get());
                throw new IllegalStateException(name + " trapped: " + e.getMessage(), e);
            }
        } finally {
            Collections.reverse(owned);
            owned.forEach(Disposable::dispose);
            store.dispose();
        }
    }

    /** A host function's own exception, which wasmtime only carries as a message, thrown as it was. */
    private static void rethrow(Throwable failure) throws Exception {
        if (failure instanceof Exception e) {
            throw e;
        } else if (failure instanceof Error e) {
            throw e;
        }
    }

    /**
     * Chicory host function {@code f} as a wasmtime function of {@code store}. {@code proc_exit}
     * becomes wasmtime's exit; any other exception is kept in {@code failure} and ends the run
     * the same way, to be thrown again once wasm has unwound.
     */
    private static Func bridge(Store<Void> store, HostFunction f, com.dylibso.chicory.runtime.Instance view,
            BufferMemory memory, AtomicReference<Throwable> failure) {
        List<ValType> params = f.paramTypes();
        List<ValType> returns = f.returnTypes();
        var type = new FuncType(params.stream().map(WasmtimeModule::type).toArray(Val.Type[]::new),
                returns.stream().map(WasmtimeModule::type).toArray(Val.Type[]::new));
        return new Func(store, type, (caller, in, out) -> {
            long[] args = new long[in.length];
            for (int i = 0; i < in.length; i++) {
                args[i] = switch (in[i].getType()) {
                    case I32 -> in[i].i32();
                    case I64 -> in[i].i64();
                    case F32 -> Float.floatToRawIntBits(in[i].f32());
                    case F64 -> Double.doubleToRawLongBits(in[i].f64());
                    default -> throw new IllegalStateException("unexpected parameter type " + in[i].getType());
                };
            }
            long[] results;
            try {
                memory.refresh();
                results = f.handle().apply(view, args);
            } catch (WasiExitException e) {
                throw new WasmFunctionError.I32ExitError(e.exitCode());
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
                throw new WasmFunctionError.I32ExitError(1);
            }
            for (int i = 0; i < out.length; i++) {
                ValType t = returns.get(i);
                out[i] = t.equals(ValType.I32) ? Val.fromI32((int) results[i])
                        : t.equals(ValType.I64) ? Val.fromI64(results[i])
                        : t.equals(ValType.F32) ? Val.fromF32(Float.intBitsToFloat((int) results[i]))
                        : Val.fromF64(Double.longBitsToDouble(results[i]));
            }
        });
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

package dev.jemception.engine.emscripten;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import dev.jemception.engine.emscripten.FileTable.ErrnoException;
import dev.jemception.runtime.ProcessContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One run of an Emscripten-built tool: the JS runtime it was built against, in Java. The imports
 * are what Emscripten's glue gives the module (NODERAWFS file syscalls, WASI fd/environ/clock
 * calls, time conversions in UTC, {@code system()}, the JS-side C++ exception ABI and its
 * {@code invoke_*} trampolines), over the session's file system, streams and environment. The run
 * ends when main returns or the module exits.
 */
final class EmscriptenProcess {
    /** Stack of the thread a run executes on: binaryen recurses deeply on large inputs. */
    private static final long THREAD_STACK = 512L << 20;
    private static final int EXCEPTION_INFO = 24;
    private static final int WASM_PAGE = 65536;
    private static final long[] VOID = null;

    private final EmscriptenTool tool;
    private final ProcessContext process;
    private final String programPath;
    private final EmscriptenTool.SystemCall system;
    private final FileTable files;
    /** Whether the tool runs on wasmtime (the session's engine, and a module shipped for it), else on Chicory. */
    private final boolean onWasmtime;
    private FileSyscalls fileCalls;

    /** Chicory's instance, whose table the {@code invoke_*} trampolines call; null on wasmtime, where the module calls it. */
    private Instance chicory;
    private Function<String, ExportFunction> exports;
    /** On wasmtime: 1 when a C++ exception unwound to the export call that returned (none caught it). */
    private ExportFunction unwinding;
    /** On wasmtime: makes the module unwind from the import that is returning. */
    private ExportFunction unwind;
    private Memory memory;
    private ExportFunction stackSave, stackRestore, stackAlloc, setThrew, tempretSet, canCatch, getExceptionPtr,
            incrementRefcount, decrementRefcount;

    /** The C++ exception in flight (0: none), the caught ones (innermost last), the uncaught count. */
    private int exceptionLast;
    private final Deque<Integer> exceptionCaught = new ArrayDeque<>();
    private int uncaughtExceptions;

    /** Thrown by {@code __cxa_throw} and friends; caught by an {@code invoke_*} trampoline. */
    private static final class CppException extends RuntimeException {
        CppException() {
            super(null, null, false, false);
        }
    }

    /** The module called exit or proc_exit, or aborted. */
    private static final class Exit extends RuntimeException {
        final int code;

        Exit(int code) {
            super(null, null, false, false);
            this.code = code;
        }
    }

    EmscriptenProcess(EmscriptenTool tool, ProcessContext process, String programPath, EmscriptenTool.SystemCall system) {
        this.tool = tool;
        this.process = process;
        this.programPath = programPath;
        this.system = system;
        this.files = new FileTable(process);
        this.onWasmtime = tool.onWasmtime(process.session().wasmEngine());
    }

    /** Runs the tool (on Chicory, on a thread with a deep stack); returns the exit code. */
    int run() {
        if (onWasmtime) {
            return runHere(); // wasmtime runs the module on a thread of its own (WasmtimeModule)
        }
        tool.compiled.get(); // here, not in the tool's thread: missing classes are the caller's error, not the tool's abort
        int[] code = {1};
        var thread = new Thread(null, () -> code[0] = runHere(), tool.name, THREAD_STACK);
        thread.start();
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
                thread.interrupt(); // a cancelled command: Chicory stops the module at its next check
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return code[0];
    }

    private int runHere() {
        try {
            if (onWasmtime) {
                var shape = tool.shape(true);
                return tool.wasmtime.run(process, hostFunctions(shape), tool.memoryExport(shape), instance -> {
                    unwinding = instance.export(EmscriptenTool.UNWINDING_EXPORT, FunctionType.of(List.of(), List.of(ValType.I32)));
                    unwind = instance.export(EmscriptenTool.UNWIND_EXPORT, FunctionType.of(List.of(), List.of()));
                    bind(instance.memory(), name -> instance.export(name, tool.exportType(shape, name)));
                    return main();
                });
            }
            chicory = tool.compiled.get().instanceBuilder()
                    .withImportValues(ImportValues.builder().addFunction(hostFunctions(tool.shape(false)).toArray(HostFunction[]::new)).build())
                    .build();
            bind(chicory.memory(), chicory::export);
            return main();
        } catch (Exit e) {
            return e.code;
        } catch (CppException e) {
            return abort("uncaught C++ exception");
        } catch (Exception | StackOverflowError e) {
            return abort(e.getClass().getSimpleName() + ": " + e.getMessage());
        } finally {
            files.closeAll();
            files.flush();
        }
    }

    private int main() {
        top(export("__wasm_call_ctors"));
        int code = (int) top(export("_main"), process.argv().size(), argv())[0];
        ExportFunction atExit = optionalExport("___funcs_on_exit"); // EXIT_RUNTIME builds flush stdio here
        if (atExit != null) {
            top(atExit);
        }
        return code;
    }

    /** Calls an entry point; on wasmtime an exception that unwound to here surfaces as on Chicory. */
    private long[] top(ExportFunction entry, long... args) {
        long[] results = entry.apply(args);
        if (unwinding != null && unwinding.apply()[0] != 0) {
            throw new CppException();
        }
        return results;
    }

    /** Each import of {@code module} as a host function, by the Emscripten symbol the build mapped its name to. */
    private List<HostFunction> hostFunctions(WasmModule module) {
        var section = module.importSection();
        List<HostFunction> functions = new ArrayList<>();
        for (int i = 0; i < section.importCount(); i++) {
            var imp = (FunctionImport) section.getImport(i);
            FunctionType type = module.typeSection().getType(imp.typeIndex());
            functions.add(new HostFunction(imp.module(), imp.name(), type, handler(tool.imports.get(imp.name()), type)));
        }
        return functions;
    }

    private void bind(Memory memory, Function<String, ExportFunction> exports) {
        this.memory = memory;
        this.exports = exports;
        fileCalls = new FileSyscalls(memory, files);
        stackSave = export("_emscripten_stack_get_current");
        stackRestore = export("__emscripten_stack_restore");
        stackAlloc = export("__emscripten_stack_alloc");
        setThrew = export("_setThrew");
        tempretSet = export("__emscripten_tempret_set");
        canCatch = export("___cxa_can_catch");
        getExceptionPtr = export("___cxa_get_exception_ptr");
        incrementRefcount = export("___cxa_increment_exception_refcount");
        decrementRefcount = export("___cxa_decrement_exception_refcount");
    }

    private ExportFunction export(String symbol) {
        ExportFunction f = optionalExport(symbol);
        if (f == null) {
            throw new IllegalStateException(tool.name + " does not export " + symbol);
        }
        return f;
    }

    private ExportFunction optionalExport(String symbol) {
        String name = tool.exports.get(symbol);
        return name == null ? null : exports.apply(name);
    }

    /** argv on the wasm stack, as Emscripten's callMain lays it out: the program's path first. */
    private int argv() {
        List<String> args = new ArrayList<>(process.argv());
        args.set(0, programPath);
        int argv = alloc((args.size() + 1) * 4);
        for (int i = 0; i < args.size(); i++) {
            byte[] arg = (args.get(i) + "\0").getBytes(StandardCharsets.UTF_8);
            int at = alloc(arg.length);
            memory.write(at, arg);
            memory.writeI32(argv + 4 * i, at);
        }
        memory.writeI32(argv + 4 * args.size(), 0);
        return argv;
    }

    private int alloc(int size) {
        return (int) stackAlloc.apply(size)[0];
    }

    /** The implementation of the import that stands for Emscripten symbol {@code symbol}. */
    private WasmFunctionHandle handler(String symbol, FunctionType type) {
        if (symbol == null) {
            throw new IllegalStateException(tool.name + ": an import the build did not map");
        }
        if (symbol.startsWith("invoke_")) {
            boolean returnsValue = !type.returns().isEmpty();
            return (inst, args) -> invoke(args, returnsValue);
        }
        if (symbol.startsWith("___cxa_find_matching_catch_")) {
            return (inst, args) -> i32(findMatchingCatch(args));
        }
        return switch (symbol) {
            case "___cxa_throw" -> (inst, args) -> {
                int ptr = (int) args[0];
                int info = ptr - EXCEPTION_INFO;
                memory.writeI32(info + 16, 0);
                memory.writeI32(info + 4, (int) args[1]);
                memory.writeI32(info + 8, (int) args[2]);
                incrementRefcount.apply(ptr);
                uncaughtExceptions++;
                return unwind(ptr);
            };
            case "___cxa_begin_catch" -> (inst, args) -> {
                int ptr = (int) args[0];
                int info = ptr - EXCEPTION_INFO;
                if (memory.read(info + 12) == 0) {
                    memory.writeByte(info + 12, (byte) 1);
                    uncaughtExceptions--;
                }
                memory.writeByte(info + 13, (byte) 0);
                exceptionCaught.push(ptr);
                return getExceptionPtr.apply(ptr);
            };
            case "___cxa_end_catch" -> (inst, args) -> {
                setThrew.apply(0, 0);
                decrementRefcount.apply(exceptionCaught.pop());
                exceptionLast = 0;
                return VOID;
            };
            case "___cxa_rethrow" -> (inst, args) -> {
                Integer ptr = exceptionCaught.peek();
                if (ptr == null) {
                    throw new Exit(abort("no exception to throw"));
                }
                int info = ptr - EXCEPTION_INFO;
                memory.writeByte(info + 13, (byte) 1);
                memory.writeByte(info + 12, (byte) 0);
                uncaughtExceptions++;
                incrementRefcount.apply(ptr);
                return unwind(ptr);
            };
            case "___resumeException" -> (inst, args) -> unwind(exceptionLast != 0 ? exceptionLast : (int) args[0]);
            case "___cxa_uncaught_exceptions" -> (inst, args) -> i32(uncaughtExceptions);
            case "_llvm_eh_typeid_for" -> (inst, args) -> new long[] {args[0]};
            case "___syscall_openat" -> (inst, args) -> i32(openat((int) args[0], (int) args[1], (int) args[2]));
            case "___syscall_stat64" -> (inst, args) -> i32(fileCalls.stat(FileTable.AT_FDCWD, (int) args[0], (int) args[1], 0));
            case "___syscall_lstat64" -> (inst, args) -> i32(fileCalls.stat(FileTable.AT_FDCWD, (int) args[0], (int) args[1], 0x100));
            case "___syscall_newfstatat" -> (inst, args) -> i32(fileCalls.stat((int) args[0], (int) args[1], (int) args[2], (int) args[3]));
            case "___syscall_fstat64" -> (inst, args) -> i32(fileCalls.fstat((int) args[0], (int) args[1]));
            case "___syscall_statfs64" -> (inst, args) -> i32(fileCalls.statfs((int) args[2]));
            case "___syscall_fstatfs64" -> (inst, args) -> i32(fileCalls.statfs((int) args[2]));
            case "___syscall_getdents64" -> (inst, args) -> i32(fileCalls.getdents((int) args[0], (int) args[1], (int) args[2]));
            case "___syscall_mkdirat" -> (inst, args) -> i32(fileCalls.mkdir((int) args[0], (int) args[1]));
            case "___syscall_unlinkat" -> (inst, args) -> i32(fileCalls.unlink((int) args[0], (int) args[1], (int) args[2]));
            case "___syscall_rmdir" -> (inst, args) -> i32(fileCalls.unlink(FileTable.AT_FDCWD, (int) args[0], 0x200));
            case "___syscall_renameat" -> (inst, args) -> i32(fileCalls.rename((int) args[0], (int) args[1], (int) args[2], (int) args[3]));
            case "___syscall_readlinkat" -> (inst, args) -> i32(fileCalls.readlink((int) args[0], (int) args[1], (int) args[2], (int) args[3]));
            case "___syscall_symlinkat" -> (inst, args) -> i32(fileCalls.symlink((int) args[0], (int) args[1], (int) args[2]));
            case "___syscall_faccessat" -> (inst, args) -> i32(fileCalls.access((int) args[0], (int) args[1], (int) args[2]));
            case "___syscall_utimensat" -> (inst, args) -> i32(fileCalls.utimens((int) args[0], (int) args[1], (int) args[2]));
            case "___syscall_chdir" -> (inst, args) -> i32(fileCalls.chdir((int) args[0]));
            case "___syscall_fchdir" -> (inst, args) -> i32(fileCalls.fchdir((int) args[0]));
            case "___syscall_getcwd" -> (inst, args) -> i32(fileCalls.getcwd((int) args[0], (int) args[1]));
            case "___syscall_ftruncate64" -> (inst, args) -> i32(fileCalls.truncate((int) args[0], args[1]));
            case "___syscall_umask" -> (inst, args) -> i32(fileCalls.umask((int) args[0]));
            // Modes and owners: the VFS keeps neither (every file is the user's, executables are known by name).
            case "___syscall_chmod", "___syscall_fchmod", "___syscall_fchmodat2", "___syscall_fchown32", "___syscall_fchownat" ->
                    (inst, args) -> i32(0);
            case "___syscall_mknodat" -> (inst, args) -> i32(-FileTable.EPERM);
            case "___syscall_dup" -> (inst, args) -> i32(FileSyscalls.syscall(() -> files.dup((int) args[0], 0)));
            case "___syscall_dup3" -> (inst, args) -> i32((int) args[0] == (int) args[1] ? -FileTable.EINVAL
                    : FileSyscalls.syscall(() -> files.dupTo((int) args[0], (int) args[1])));
            case "___syscall_pipe2" -> (inst, args) -> i32(FileSyscalls.syscall(() -> {
                int[] ends = files.pipe();
                memory.writeI32((int) args[0], ends[0]);
                memory.writeI32((int) args[0] + 4, ends[1]);
                return 0;
            }));
            case "___syscall_poll" -> (inst, args) -> i32(poll((int) args[0], (int) args[1], (int) args[2]));
            // No sockets: nothing here opens one, so any fd handed to these is not a socket.
            case "___syscall_recvmsg", "___syscall_sendmsg", "___syscall_getsockopt" -> (inst, args) -> i32(-FileTable.ENOTSOCK);
            case "_fd_pread" -> (inst, args) -> i32(iovecs((int) args[1], (int) args[2], (int) args[4], false,
                    (buffer, length, done) -> files.transferAt((int) args[0], buffer, length, args[3] + done, false)));
            case "_fd_pwrite" -> (inst, args) -> i32(iovecs((int) args[1], (int) args[2], (int) args[4], true,
                    (buffer, length, done) -> files.transferAt((int) args[0], buffer, length, args[3] + done, true)));
            case "_fd_sync" -> (inst, args) -> i32(0);
            case "_fd_fdstat_get" -> (inst, args) -> i32(fileCalls.fdstat((int) args[0], (int) args[1]));
            case "__emscripten_system" -> (inst, args) -> i32(system((int) args[0]));
            case "_emscripten_date_now" -> (inst, args) -> f64(System.currentTimeMillis());
            case "_emscripten_get_now" -> (inst, args) -> f64(System.nanoTime() / 1e6);
            case "_emscripten_get_heap_max" -> (inst, args) -> i32(Integer.MIN_VALUE); // 2 GiB, as the glue says
            case "__gmtime_js", "__localtime_js" -> (inst, args) -> { // the zone is UTC (see __tzset_js)
                CivilTime.write(memory, (int) args[1], args[0]);
                return VOID;
            };
            case "__mktime_js", "__timegm_js" -> (inst, args) -> new long[] {CivilTime.read(memory, (int) args[0])};
            case "___syscall_fcntl64" -> (inst, args) -> i32(fcntl((int) args[0], (int) args[1], (int) args[2]));
            // Only a tty answers the terminal ioctls; the host has none, so stdio is fully buffered.
            case "___syscall_ioctl" -> (inst, args) -> i32(-FileTable.ENOTTY);
            case "_fd_read" -> (inst, args) -> i32(iovecs((int) args[1], (int) args[2], (int) args[3], false,
                    (buffer, length, done) -> files.read((int) args[0], buffer, length)));
            case "_fd_write" -> (inst, args) -> i32(iovecs((int) args[1], (int) args[2], (int) args[3], true,
                    (buffer, length, done) -> files.write((int) args[0], buffer, length)));
            case "_fd_seek" -> (inst, args) -> i32(seek((int) args[0], args[1], (int) args[2], (int) args[3]));
            case "_fd_close" -> (inst, args) -> i32(errno(() -> files.close((int) args[0])));
            case "_environ_sizes_get" -> (inst, args) -> i32(environSizes((int) args[0], (int) args[1]));
            case "_environ_get" -> (inst, args) -> i32(environ((int) args[0], (int) args[1]));
            case "_clock_time_get" -> (inst, args) -> i32(clockTime((int) args[0], (int) args[2]));
            case "__tzset_js" -> (inst, args) -> {
                memory.writeI32((int) args[0], 0); // UTC: no offset, no daylight saving time
                memory.writeI32((int) args[1], 0);
                memory.writeCString((int) args[2], "UTC");
                memory.writeCString((int) args[3], "UTC");
                return VOID;
            };
            case "_emscripten_resize_heap" -> (inst, args) -> i32(resizeHeap(Integer.toUnsignedLong((int) args[0])));
            // Timers fire from the JS event loop after main returns, which never comes here: nothing to arm.
            case "__setitimer_js" -> (inst, args) -> i32(0);
            case "__emscripten_runtime_keepalive_clear" -> (inst, args) -> VOID;
            case "___call_sighandler" -> (inst, args) -> {
                chicory().getMachine().call(chicory().table(0).requiredRef((int) args[0]), new long[] {args[1]});
                return VOID;
            };
            case "__abort_js" -> (inst, args) -> {
                throw new Exit(abort(""));
            };
            case "___assert_fail" -> (inst, args) -> {
                throw new Exit(abort("Assertion failed: " + cString(args[0]) + ", at: " + cString(args[1]) + ","
                        + args[2] + "," + cString(args[3])));
            };
            case "_exit", "_proc_exit" -> (inst, args) -> {
                throw new Exit((int) args[0]);
            };
            default -> throw new IllegalStateException(tool.name + " imports " + symbol + ", which this host does not provide");
        };
    }

    /** An {@code invoke_*} trampoline: call the table entry; a C++ exception unwinds to here. */
    private long[] invoke(long[] args, boolean returnsValue) {
        long sp = stackSave.apply()[0];
        try {
            return chicory().getMachine().call(chicory().table(0).requiredRef((int) args[0]),
                    Arrays.copyOfRange(args, 1, args.length));
        } catch (CppException e) {
            stackRestore.apply(sp);
            setThrew.apply(1, 0);
            return returnsValue ? new long[1] : VOID;
        }
    }

    /**
     * The exception {@code ptr} is thrown: on Chicory it unwinds the frames to the nearest
     * {@code invoke_*} trampoline as a Java exception; on wasmtime the module unwinds itself once
     * this returns.
     */
    private long[] unwind(int ptr) {
        exceptionLast = ptr;
        if (chicory != null) {
            throw new CppException();
        }
        unwind.apply();
        return VOID;
    }

    /** The Chicory instance, for the imports only it calls: on wasmtime the module does their work itself. */
    private Instance chicory() {
        if (chicory == null) {
            throw new IllegalStateException(tool.name + ": the module for wasmtime calls its table itself");
        }
        return chicory;
    }

    /** The landing pad's question: which of these catch clauses (typeinfo pointers) takes the exception? */
    private int findMatchingCatch(long[] catchTypes) {
        int thrown = exceptionLast;
        if (thrown == 0) {
            tempretSet.apply(0);
            return 0;
        }
        int info = thrown - EXCEPTION_INFO;
        memory.writeI32(info + 16, thrown);
        int thrownType = memory.readInt(info + 4);
        if (thrownType == 0) {
            tempretSet.apply(0);
            return thrown;
        }
        for (long t : catchTypes) {
            int caughtType = (int) t;
            if (caughtType == 0 || caughtType == thrownType) {
                break;
            }
            if (canCatch.apply(caughtType, thrownType, info + 16)[0] != 0) {
                tempretSet.apply(caughtType);
                return thrown;
            }
        }
        tempretSet.apply(thrownType);
        return thrown;
    }

    private int openat(int dirfd, int path, int flags) {
        String name = memory.readCString(path);
        return FileSyscalls.syscall(() -> files.open(dirfd, name, flags));
    }

    /**
     * poll: files and standard streams are always ready, a pipe when it holds data. With nothing
     * ready and no timeout, the program waits for an event only another process could cause (a
     * child's output or exit): none ever comes here, so the run ends with a message saying so.
     */
    private int poll(int fds, int count, int timeout) {
        int ready = 0;
        for (int i = 0; i < count; i++) {
            int pollfd = fds + 8 * i;
            int fd = memory.readInt(pollfd);
            short events = memory.readShort(pollfd + 4);
            int revents;
            try {
                revents = files.readable(fd) > 0 ? 1 | 4 : 4; // POLLIN | POLLOUT, or POLLOUT
            } catch (ErrnoException e) {
                revents = 32; // POLLNVAL
            }
            revents &= events | 8 | 16 | 32;
            memory.writeShort(pollfd + 6, (short) revents);
            if (revents != 0) {
                ready++;
            }
        }
        if (ready == 0 && timeout < 0) {
            throw new Exit(abort("waits for a child process, which cannot run here"
                    + " (programs run inside jemception only through system(); e.g. CMake's execute_process is not supported)"));
        }
        return ready;
    }

    /** system(command): what the tool's owner says it does; without an owner's answer, ENOSYS as in a browser. */
    private int system(int command) {
        if (command == 0) {
            return system != null ? 1 : 0; // is there a shell?
        }
        if (system == null) {
            return -52;
        }
        return system.run(memory.readCString(command), process, files.cwd().toString());
    }

    private int fcntl(int fd, int cmd, int varargs) {
        try {
            var file = files.get(fd);
            return switch (cmd) {
                case 0 -> files.dup(fd, memory.readInt(varargs)); // F_DUPFD
                case 1, 2 -> 0; // F_GETFD, F_SETFD
                case 3 -> file.flags; // F_GETFL
                case 4 -> {
                    file.flags |= memory.readInt(varargs); // F_SETFL
                    yield 0;
                }
                case 12 -> { // F_GETLK: nothing is locked
                    memory.writeShort(memory.readInt(varargs), (short) 2);
                    yield 0;
                }
                case 13, 14 -> 0; // F_SETLK, F_SETLKW
                default -> -FileTable.EINVAL;
            };
        } catch (ErrnoException e) {
            return -e.errno;
        }
    }

    /** One buffer's read or write: {@code done} bytes of the call came before it. */
    private interface Transfer {
        int apply(byte[] buffer, int length, long done) throws ErrnoException;
    }

    /**
     * fd_read / fd_write / fd_pread / fd_pwrite over an iovec array; stops at the first short
     * transfer, as the glue does.
     */
    private int iovecs(int iovs, int count, int resultPtr, boolean write, Transfer transfer) {
        long total = 0;
        try {
            for (int i = 0; i < count; i++) {
                int base = memory.readInt(iovs + 8 * i);
                int length = memory.readInt(iovs + 8 * i + 4);
                byte[] buffer = write ? memory.readBytes(base, length) : new byte[length];
                int done = transfer.apply(buffer, length, total);
                if (!write) {
                    memory.write(base, buffer, 0, done);
                }
                total += done;
                if (done < length) {
                    break;
                }
            }
        } catch (ErrnoException e) {
            return e.errno;
        }
        memory.writeI32(resultPtr, (int) total);
        return 0;
    }

    private int seek(int fd, long offset, int whence, int resultPtr) {
        try {
            memory.writeLong(resultPtr, files.seek(fd, offset, whence));
            return 0;
        } catch (ErrnoException e) {
            return e.errno;
        }
    }

    private interface FileOperation {
        void run() throws ErrnoException;
    }

    private static int errno(FileOperation operation) {
        try {
            operation.run();
            return 0;
        } catch (ErrnoException e) {
            return e.errno;
        }
    }

    private List<byte[]> environment() {
        return process.env().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> (e.getKey() + "=" + e.getValue() + "\0").getBytes(StandardCharsets.UTF_8))
                .toList();
    }

    private int environSizes(int countPtr, int sizePtr) {
        var env = environment();
        memory.writeI32(countPtr, env.size());
        memory.writeI32(sizePtr, env.stream().mapToInt(b -> b.length).sum());
        return 0;
    }

    private int environ(int pointers, int buffer) {
        int at = buffer;
        var env = environment();
        for (int i = 0; i < env.size(); i++) {
            memory.writeI32(pointers + 4 * i, at);
            memory.write(at, env.get(i));
            at += env.get(i).length;
        }
        return 0;
    }

    private int clockTime(int id, int resultPtr) {
        long nanos = switch (id) {
            case 0 -> System.currentTimeMillis() * 1_000_000L;
            case 1, 2, 3 -> System.nanoTime();
            default -> -1;
        };
        if (nanos < 0) {
            return FileTable.EINVAL;
        }
        memory.writeLong(resultPtr, nanos);
        return 0;
    }

    /** Grows memory to at least {@code requested} bytes, with headroom as Emscripten's runtime does. */
    private int resizeHeap(long requested) {
        long current = (long) memory.pages() * WASM_PAGE;
        if (requested <= current) {
            return 0;
        }
        for (int cutDown = 1; cutDown <= 4; cutDown *= 2) {
            long overGrown = Math.min((long) (current * (1 + 0.2 / cutDown)), requested + (96L << 20));
            long target = Math.max(requested, overGrown);
            int pages = (int) ((target + WASM_PAGE - 1) / WASM_PAGE) - memory.pages();
            if (memory.grow(pages) >= 0) {
                return 1;
            }
        }
        int exact = (int) ((requested + WASM_PAGE - 1) / WASM_PAGE) - memory.pages();
        return memory.grow(exact) >= 0 ? 1 : 0;
    }

    private String cString(long pointer) {
        return pointer == 0 ? "unknown" : memory.readCString((int) pointer);
    }

    /** What Emscripten's abort() does under Node: report, and end the run with exit code 1. */
    private int abort(String what) {
        byte[] message = (tool.name + ": Aborted(" + what + ")\n").getBytes(StandardCharsets.UTF_8);
        try {
            process.stderr().write(message);
        } catch (java.io.IOException ignored) {
            // stderr is gone; the exit code still tells
        }
        return 1;
    }

    private static long[] i32(int value) {
        return new long[] {value};
    }

    private static long[] f64(double value) {
        return new long[] {Double.doubleToRawLongBits(value)};
    }
}

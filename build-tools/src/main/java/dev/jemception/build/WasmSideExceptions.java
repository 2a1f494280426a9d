package dev.jemception.build;

import static dev.jemception.build.WasmBinary.append;
import static dev.jemception.build.WasmBinary.writeFunctionType;
import static dev.jemception.build.WasmBinary.writeU32;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.WasmWriter;
import com.dylibso.chicory.wasm.types.AnnotatedInstruction;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.OpCode;
import com.dylibso.chicory.wasm.types.RawSection;
import com.dylibso.chicory.wasm.types.SectionId;
import com.dylibso.chicory.wasm.types.TypeSection;
import com.dylibso.chicory.wasm.types.ValType;
import dev.jemception.engine.emscripten.EmscriptenTool;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Moves an Emscripten module's C++ exception unwinding (built with JS exception handling) from
 * its host into the module, for an engine whose host calls cost far more than wasm: wasmtime
 * through wasmtime-java, whose JNI bridge makes each {@code invoke_*} round trip, and each trap a
 * host exception unwinds by, slower than the work binaryen does between them.
 *
 * <p>A global flag says "unwinding". {@code __cxa_throw}, {@code __cxa_rethrow} and
 * {@code __resumeException} still go to the host, which records the exception and sets the flag
 * ({@link EmscriptenTool#UNWIND_EXPORT}) instead of throwing; after every call that can unwind, each function
 * returns at once while the flag is set; {@code invoke_*} become module functions that call the
 * table entry and, when it unwound, clear the flag, restore the stack and {@code setThrew(1, 0)}:
 * what the JS trampolines do when they catch. (A throwing import can itself be a table entry
 * that an {@code invoke_*} calls: the flag is what tells, not the call.) {@code __call_sighandler}
 * calls its table entry in the module too. The imports stay (the module calls {@code invoke_*} and
 * {@code __call_sighandler} no more), and no index changes: everything new is appended.
 * {@link EmscriptenTool#UNWINDING_EXPORT} tells the host an exception nothing caught reached the entry point.
 */
final class WasmSideExceptions {
    /** Changes when the rewrite does: part of the build's inputs. */
    static final String VERSION = "2";
    /** Imports that throw: after the host records the exception, the module unwinds. */
    private static final Set<String> THROWING = Set.of("___cxa_throw", "___cxa_rethrow", "___resumeException");

    private static final int LOCAL_GET = 0x20, LOCAL_SET = 0x21, GLOBAL_GET = 0x23, GLOBAL_SET = 0x24, CALL = 0x10,
            CALL_INDIRECT = 0x11, IF = 0x04, EMPTY = 0x40, RETURN = 0x0f, END = 0x0b, I32_CONST = 0x41;

    private WasmSideExceptions() {}

    /**
     * The module with its exceptions unwound inside it. {@code importSymbols} maps import names to
     * Emscripten symbols, {@code exportNames} Emscripten symbols to export names (the glue's maps).
     */
    static byte[] apply(byte[] wasm, Map<String, String> importSymbols, Map<String, String> exportNames) {
        WasmModule module = Parser.parse(wasm);
        var types = module.typeSection();
        int typeCount = types.typeCount();
        List<FunctionType> newTypes = new ArrayList<>();
        int imported = module.importSection().count(ExternalType.FUNCTION);
        int functionCount = imported + module.functionSection().functionCount();
        if (module.importSection().count(ExternalType.GLOBAL) != 0 || module.globalSection().globalCount() == 0) {
            throw new IllegalArgumentException("expected a module that defines its globals and imports none");
        }
        int flagIndex = module.globalSection().globalCount();
        if (flagIndex > 0x7f) {
            throw new IllegalArgumentException("more globals than this rewrite encodes in one byte");
        }
        byte flag = (byte) flagIndex;

        Map<String, Integer> exported = new HashMap<>();
        for (int i = 0; i < module.exportSection().exportCount(); i++) {
            var export = module.exportSection().getExport(i);
            if (export.exportType() == ExternalType.FUNCTION) {
                exported.put(export.name(), export.index());
            }
        }
        int stackSave = exportedFunction(exported, exportNames, "_emscripten_stack_get_current");
        int stackRestore = exportedFunction(exported, exportNames, "__emscripten_stack_restore");
        int setThrew = exportedFunction(exported, exportNames, "_setThrew");

        // the module functions that replace imports: import index → new function index
        Map<Integer, Integer> redirected = new HashMap<>();
        Set<Integer> clearsFlag = new HashSet<>(); // invoke_*: the flag is never set after them
        Set<Integer> throwing = new HashSet<>();
        List<Integer> newFunctionTypes = new ArrayList<>();
        List<byte[]> newBodies = new ArrayList<>();
        int function = 0;
        for (int i = 0; i < module.importSection().importCount(); i++) {
            if (!(module.importSection().getImport(i) instanceof FunctionImport f)) {
                continue;
            }
            String symbol = importSymbols.getOrDefault(f.name(), "");
            FunctionType type = types.getType(f.typeIndex());
            byte[] body = null;
            if (symbol.startsWith("invoke_")) {
                var callee = FunctionType.of(type.params().subList(1, type.params().size()), type.returns());
                body = invoke(type, typeIndex(types, callee, newTypes, typeCount), flag, stackSave, stackRestore, setThrew);
                clearsFlag.add(function);
            } else if (THROWING.contains(symbol)) {
                throwing.add(function);
            } else if (symbol.equals("___call_sighandler")) { // (handler, signal): handler(signal)
                body = callTable(typeIndex(types, FunctionType.of(List.of(ValType.I32), List.of()), newTypes, typeCount));
            }
            if (body != null) {
                redirected.put(function, functionCount + newBodies.size());
                newFunctionTypes.add(f.typeIndex());
                newBodies.add(body);
            }
            function++;
        }
        int unwinding = functionCount + newBodies.size();
        newFunctionTypes.add(typeIndex(types, FunctionType.of(List.of(), List.of(ValType.I32)), newTypes, typeCount));
        newBodies.add(new byte[] {0, GLOBAL_GET, flag, END});
        newFunctionTypes.add(typeIndex(types, FunctionType.of(List.of(), List.of()), newTypes, typeCount));
        newBodies.add(new byte[] {0, I32_CONST, 1, GLOBAL_SET, flag, END});

        int[][] ranges = WasmBinary.bodyRanges(wasm);
        var code = module.codeSection();
        Map<Integer, byte[]> rewritten = new HashMap<>();
        for (int i = 0; i < code.functionBodyCount(); i++) {
            FunctionType type = module.functionSection().getFunctionType(i, types);
            byte[] check = check(flag, type.returns());
            var instructions = code.getFunctionBody(i).instructions();
            var body = new ByteArrayOutputStream(ranges[i][1] - ranges[i][0] + 64);
            int copied = ranges[i][0];
            for (int j = 0; j < instructions.size(); j++) {
                AnnotatedInstruction instruction = instructions.get(j);
                int opcode = instruction.opcode().opcode();
                if (opcode == OpCode.RETURN_CALL.opcode() || opcode == OpCode.RETURN_CALL_INDIRECT.opcode()
                        || opcode == OpCode.CALL_REF.opcode() || opcode == OpCode.RETURN_CALL_REF.opcode()) {
                    throw new IllegalArgumentException("function " + (imported + i) + " makes a " + instruction.opcode()
                            + ", which this rewrite does not unwind through");
                }
                boolean unwinds;
                if (instruction.opcode() == OpCode.CALL) {
                    int target = (int) instruction.operand(0);
                    Integer replacement = redirected.get(target);
                    if (replacement != null) {
                        int operand = instruction.address() + 1; // the function index, after the one-byte opcode
                        body.write(wasm, copied, operand - copied);
                        writeU32(body, replacement);
                        copied = instructions.get(j + 1).address(); // a call is never last: a body ends with end
                    }
                    // other host functions never unwind; module functions and the throwing imports may
                    unwinds = replacement != null ? !clearsFlag.contains(target)
                            : target >= imported || throwing.contains(target);
                } else {
                    unwinds = instruction.opcode() == OpCode.CALL_INDIRECT;
                }
                if (unwinds) {
                    int next = instructions.get(j + 1).address();
                    body.write(wasm, copied, next - copied);
                    body.writeBytes(check);
                    copied = next;
                }
            }
            body.write(wasm, copied, ranges[i][1] - copied);
            rewritten.put(i, body.toByteArray());
        }

        var exportEntries = new ByteArrayOutputStream();
        exportFunction(exportEntries, EmscriptenTool.UNWINDING_EXPORT, unwinding);
        exportFunction(exportEntries, EmscriptenTool.UNWIND_EXPORT, unwinding + 1);
        var writer = new WasmWriter();
        Parser.parseWithoutDecoding(wasm, section -> {
            var raw = (RawSection) section;
            switch ((int) raw.sectionId()) {
                case SectionId.TYPE -> writer.writeSection(SectionId.TYPE, append(raw.contents(), newTypes.size(),
                        out -> newTypes.forEach(t -> writeFunctionType(out, t))));
                case SectionId.FUNCTION -> writer.writeSection(SectionId.FUNCTION, append(raw.contents(),
                        newFunctionTypes.size(), out -> newFunctionTypes.forEach(t -> writeU32(out, t))));
                case SectionId.GLOBAL -> writer.writeSection(SectionId.GLOBAL, append(raw.contents(), 1,
                        out -> {
                            out.writeBytes(new byte[] {0x7f, 0x01}); // a mutable i32
                            WasmBinary.writeZero(out, ValType.I32);
                            out.write(END);
                        }));
                case SectionId.EXPORT -> writer.writeSection(SectionId.EXPORT, append(raw.contents(), 2,
                        out -> out.writeBytes(exportEntries.toByteArray())));
                case SectionId.CODE -> writer.writeSection(SectionId.CODE,
                        WasmBinary.rewriteBodies(raw.contents(), rewritten::get, newBodies));
                default -> writer.writeSection(raw);
            }
        });
        return writer.bytes();
    }

    private static void exportFunction(ByteArrayOutputStream out, String name, int function) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        writeU32(out, bytes.length);
        out.writeBytes(bytes);
        out.write(0x00); // a function
        writeU32(out, function);
    }

    private static int exportedFunction(Map<String, Integer> exported, Map<String, String> exportNames, String symbol) {
        Integer index = exported.get(exportNames.getOrDefault(symbol, ""));
        if (index == null) {
            throw new IllegalArgumentException("the module does not export " + symbol);
        }
        return index;
    }

    /** After a call that may unwind: {@code if (flag) return <zeros>}. */
    private static byte[] check(byte flag, List<ValType> results) {
        var out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {GLOBAL_GET, flag, IF, EMPTY});
        results.forEach(t -> WasmBinary.writeZero(out, t));
        out.writeBytes(new byte[] {RETURN, END});
        return out.toByteArray();
    }

    /**
     * {@code invoke_<sig>(index, args...)}: {@code sp = stackSave(); r = table[index](args...);} and
     * when that unwound: {@code flag = 0; stackRestore(sp); setThrew(1, 0); return 0}.
     */
    private static byte[] invoke(FunctionType type, int calleeType, byte flag, int stackSave, int stackRestore,
            int setThrew) {
        var out = new ByteArrayOutputStream();
        int sp = type.params().size();
        out.writeBytes(new byte[] {1, 1, 0x7f}); // one local: i32 sp
        out.write(CALL);
        writeU32(out, stackSave);
        out.write(LOCAL_SET);
        writeU32(out, sp);
        for (int i = 1; i < type.params().size(); i++) {
            out.write(LOCAL_GET);
            writeU32(out, i);
        }
        out.writeBytes(callIndirect(calleeType));
        out.writeBytes(new byte[] {GLOBAL_GET, flag, IF, EMPTY, I32_CONST, 0, GLOBAL_SET, flag, LOCAL_GET});
        writeU32(out, sp);
        out.write(CALL);
        writeU32(out, stackRestore);
        out.writeBytes(new byte[] {I32_CONST, 1, I32_CONST, 0, CALL});
        writeU32(out, setThrew);
        type.returns().forEach(t -> WasmBinary.writeZero(out, t));
        out.writeBytes(new byte[] {RETURN, END, END});
        return out.toByteArray();
    }

    /** {@code (index, arg)}: {@code table[index](arg)}. */
    private static byte[] callTable(int calleeType) {
        var out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0, LOCAL_GET, 1});
        out.writeBytes(callIndirect(calleeType));
        out.write(END);
        return out.toByteArray();
    }

    /** {@code local.get 0; call_indirect calleeType 0}: the table index is the first parameter. */
    private static byte[] callIndirect(int calleeType) {
        var out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {LOCAL_GET, 0, CALL_INDIRECT});
        writeU32(out, calleeType);
        out.write(0); // table 0
        return out.toByteArray();
    }

    private static int typeIndex(TypeSection types, FunctionType type,
            List<FunctionType> newTypes, int typeCount) {
        for (int i = 0; i < typeCount; i++) {
            if (types.getType(i).typesMatch(type)) {
                return i;
            }
        }
        int added = newTypes.indexOf(type);
        if (added < 0) {
            newTypes.add(type);
            added = newTypes.size() - 1;
        }
        return typeCount + added;
    }
}

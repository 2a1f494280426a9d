package dev.jemception.build;

import static dev.jemception.build.WasmBinary.append;
import static dev.jemception.build.WasmBinary.writeFunctionType;
import static dev.jemception.build.WasmBinary.writeS32;
import static dev.jemception.build.WasmBinary.writeU32;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.WasmWriter;
import com.dylibso.chicory.wasm.types.AnnotatedInstruction;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.OpCode;
import com.dylibso.chicory.wasm.types.RawSection;
import com.dylibso.chicory.wasm.types.SectionId;
import com.dylibso.chicory.wasm.types.ValType;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Splits large wasm functions into several functions: those too large for one JVM method, so that
 * Chicory compiles them instead of leaving them to its (much slower) interpreter (a JVM method
 * holds at most 64 KB of bytecode, and LLVM's switch lowering makes functions of 50-230 KB of
 * wasm), and, with smaller sizes, those too large for the JVM's JIT compilers ({@link Split}).
 *
 * <p>A region worth moving out is the body of a block, loop or if arm without results, or the
 * statements after a leading such block (where a switch case's code sits). The region becomes a
 * new function whose parameters are the locals it uses and whose results are an exit code and the
 * locals it writes (past {@link #MAX_VALUES}, through new globals, each read right after it is
 * written: at the piece's start, and after the call, so recursion cannot clobber them). A branch
 * out of the region ends the new function with the code of its target, and the caller, after
 * writing the locals back, branches there itself. Regions are chosen bottom
 * up, largest first, until every function is under the piece size.
 *
 * <p>Only module-level indices after the last ones are added (new types, functions and globals),
 * so every existing index, export and table entry stays as it was.
 */
public final class FunctionOutliner {
    /** Part of the AOT cache key: bump when the output for the same input changes. */
    static final String VERSION = "split-v3";
    /**
     * Which functions to split and how small the pieces: functions whose body is over
     * {@code aboveBytes} of code become pieces under {@code pieceBytes}.
     */
    public record Split(int aboveBytes, int pieceBytes) {
        /** No function is split. */
        public static final Split NONE = new Split(Integer.MAX_VALUE, Integer.MAX_VALUE);
        /**
         * Only functions too large for one JVM method (64 KB of bytecode), which Chicory would
         * interpret: the smallest such function seen was 49 KB of wasm.
         */
        public static final Split TOO_LARGE_FOR_A_METHOD = new Split(40_000, 20_000);

        /** What this split adds to a cache key: the outliner's version and, unless the default, the sizes. */
        String cacheKey() {
            if (equals(NONE)) {
                return "";
            }
            return "-" + VERSION + (equals(TOO_LARGE_FOR_A_METHOD) ? "" : "-" + aboveBytes + "-" + pieceBytes);
        }
    }

    /** Smaller regions are not worth a call. */
    private static final int MIN_REGION_BYTES = 64;
    /**
     * The most parameters, and the most results, a piece has; the other locals it uses go through
     * globals. HotSpot's C2 gives up on a method taking, or calling with, more than about 45
     * arguments ("unsupported calling sequence"), and Chicory returns several results through a
     * helper that takes them all as arguments: such pieces and their callers stayed in C1 or the
     * bytecode interpreter.
     */
    public static final int MAX_VALUES = 32;

    private static final int BLOCK = 0x02, LOOP = 0x03, IF = 0x04, END = 0x0b;
    private static final int BR = 0x0c, BR_IF = 0x0d, BR_TABLE = 0x0e, RETURN = 0x0f, CALL = 0x10;
    private static final int LOCAL_GET = 0x20, LOCAL_SET = 0x21, GLOBAL_GET = 0x23, GLOBAL_SET = 0x24, I32_CONST = 0x41;
    private static final int VOID = 0x40, I32 = 0x7f;
    /** Label ids that are not instruction indices: the function itself, and labels the outliner adds. */
    private static final int FUNCTION_LABEL = -1, EXIT_LABEL = -2, DISPATCH_LABEL = -3;

    private final byte[] wasm;
    private final WasmModule module;
    private final int importedFunctions;
    private final List<FunctionType> newTypes = new ArrayList<>();
    private final Map<String, Integer> newTypeIndex = new HashMap<>();
    private final List<Integer> newFunctionTypes = new ArrayList<>();
    private final List<byte[]> newBodies = new ArrayList<>();
    /** Globals that carry locals past {@link #MAX_VALUES} into and out of pieces: their types, and by "type ordinal" their index. */
    private final List<ValType> newGlobals = new ArrayList<>();
    private final Map<String, Integer> spillGlobals = new HashMap<>();
    private final int globalCount;

    private final int splitAboveBytes;
    private final int pieceBytes;

    private FunctionOutliner(byte[] wasm, int splitAboveBytes, int pieceBytes) {
        this.wasm = wasm;
        this.splitAboveBytes = splitAboveBytes;
        this.pieceBytes = pieceBytes;
        this.module = Parser.parse(wasm);
        this.importedFunctions = module.importSection().count(ExternalType.FUNCTION);
        this.globalCount = module.importSection().count(ExternalType.GLOBAL) + module.globalSection().globalCount();
    }

    /** The module with the functions over {@code split}'s size split; the same bytes if there are none. */
    public static byte[] outline(byte[] wasm, Split split) {
        return new FunctionOutliner(wasm, split.aboveBytes(), split.pieceBytes()).run();
    }

    private byte[] run() {
        var code = module.codeSection();
        Map<Integer, byte[]> rewritten = new LinkedHashMap<>();
        for (int i = 0; i < code.functionBodyCount(); i++) {
            var instructions = code.getFunctionBody(i).instructions();
            int size = instructions.get(instructions.size() - 1).address() - instructions.get(0).address();
            if (size > splitAboveBytes) {
                byte[] body = new Splitter(i).split();
                if (body != null) {
                    rewritten.put(i, body);
                }
            }
        }
        return rewritten.isEmpty() ? wasm : assemble(rewritten);
    }

    /** Copies every section, appending the new types and functions and swapping the rewritten bodies. */
    private byte[] assemble(Map<Integer, byte[]> rewritten) {
        var writer = new WasmWriter();
        Parser.parseWithoutDecoding(wasm, section -> {
            var raw = (RawSection) section;
            switch ((int) raw.sectionId()) {
                case SectionId.TYPE -> writer.writeSection(SectionId.TYPE, append(raw.contents(), newTypes.size(),
                        out -> newTypes.forEach(t -> writeFunctionType(out, t))));
                case SectionId.FUNCTION -> writer.writeSection(SectionId.FUNCTION, append(raw.contents(),
                        newFunctionTypes.size(), out -> newFunctionTypes.forEach(t -> writeU32(out, t))));
                case SectionId.GLOBAL -> writer.writeSection(SectionId.GLOBAL, append(raw.contents(), newGlobals.size(),
                        out -> newGlobals.forEach(t -> writeZeroGlobal(out, t))));
                case SectionId.CODE -> writer.writeSection(SectionId.CODE, WasmBinary.rewriteBodies(raw.contents(), rewritten::get, newBodies));
                default -> writer.writeSection(raw);
            }
        });
        return writer.bytes();
    }

    /** The global that carries the {@code ordinal}-th local of this type past {@link #MAX_VALUES} into or out of a piece. */
    private int spillGlobal(ValType type, int ordinal) {
        return spillGlobals.computeIfAbsent(type.opcode() + " " + ordinal, k -> {
            newGlobals.add(type);
            return globalCount + newGlobals.size() - 1;
        });
    }

    private int typeIndex(FunctionType type) {
        String key = type.params() + "->" + type.returns();
        return newTypeIndex.computeIfAbsent(key, k -> {
            newTypes.add(type);
            return module.typeSection().typeCount() + newTypes.size() - 1;
        });
    }

    /** One oversized function: its structure, the regions chosen, and the code written for them. */
    private final class Splitter {
        private final int definedIndex;
        private final FunctionType type;
        private final List<ValType> localTypes = new ArrayList<>();
        private final List<AnnotatedInstruction> instructions;
        private final int count;
        /** For a block, loop or if: the index of its end; for an if: its else, or -1. */
        private final int[] endOf, elseOf;
        /** For each branch: the label ids of its targets (for br_table the default last). */
        private final int[][] targets;
        private final Map<Integer, Region> outlinedAt = new HashMap<>();

        Splitter(int definedIndex) {
            this.definedIndex = definedIndex;
            this.type = module.typeSection().getType(module.functionSection().getFunctionType(definedIndex));
            var body = module.codeSection().getFunctionBody(definedIndex);
            localTypes.addAll(type.params());
            localTypes.addAll(body.localTypes());
            this.instructions = body.instructions();
            this.count = instructions.size();
            this.endOf = new int[count];
            this.elseOf = new int[count];
            this.targets = new int[count][];
            resolveStructure();
        }

        private void resolveStructure() {
            int[] open = new int[count];
            int depth = 0;
            for (int i = 0; i < count; i++) {
                int op = opcode(i);
                switch (op) {
                    case BLOCK, LOOP, IF -> {
                        elseOf[i] = -1;
                        open[depth++] = i;
                    }
                    case 0x05 -> elseOf[open[depth - 1]] = i;
                    case END -> {
                        if (depth > 0) {
                            endOf[open[--depth]] = i;
                        }
                    }
                    case BR, BR_IF -> targets[i] = new int[] {label(open, depth, (int) operand(i, 0))};
                    case BR_TABLE -> {
                        var ops = instructions.get(i).operands();
                        targets[i] = new int[ops.length];
                        for (int k = 0; k < ops.length; k++) {
                            targets[i][k] = label(open, depth, (int) ops[k]);
                        }
                    }
                    default -> { }
                }
            }
        }

        private int label(int[] open, int depth, int relative) {
            return relative < depth ? open[depth - 1 - relative] : FUNCTION_LABEL;
        }

        /** The new body of the function, or null when nothing could be moved out. */
        byte[] split() {
            for (var t : localTypes) {
                if (!isSimple(t)) {
                    return null;
                }
            }
            Region root = new Region(0, count - 1, children(0, count - 1, type.returns().isEmpty()));
            settle(root);
            if (outlinedAt.isEmpty()) {
                return null;
            }
            // Give each piece its function index before any call to it is written.
            List<Region> pieces = new ArrayList<>(outlinedAt.values());
            pieces.sort((a, b) -> Integer.compare(a.from, b.from));
            int next = importedFunctions + module.codeSection().functionBodyCount() + newBodies.size();
            for (var piece : pieces) {
                piece.functionIndex = next++;
                newBodies.add(null);
            }
            for (var piece : pieces) {
                newFunctionTypes.add(typeIndex(piece.functionType()));
                newBodies.set(piece.functionIndex - importedFunctions - module.codeSection().functionBodyCount(),
                        pieceBody(piece));
            }
            var out = new Emitter(null);
            out.labels.add(FUNCTION_LABEL);
            out.emitRange(0, count);
            List<ValType> locals = new ArrayList<>(localTypes.subList(type.params().size(), localTypes.size()));
            locals.addAll(out.addedLocals);
            return body(locals, out.bytes);
        }

        /**
         * The candidate regions directly inside [from, to). A {@code neutral} range leaves the
         * operand stack as it found it (empty), so what follows a leading block without results
         * is a region too; in a range that produces values it is not.
         */
        private List<Region> children(int from, int to, boolean neutral) {
            List<Region> result = new ArrayList<>();
            if (neutral && from < to && isVoidBlockOrLoop(from) && endOf[from] + 1 < to) {
                bodies(from, result);
                int tail = endOf[from] + 1;
                result.add(new Region(tail, to, children(tail, to, true)));
                return result;
            }
            for (int i = from; i < to; i++) {
                if (isStructured(i)) {
                    bodies(i, result);
                    i = endOf[i];
                }
            }
            return result;
        }

        /** The regions of one block, loop or if: its body (each arm of an if), or, when it has results, what is inside. */
        private void bodies(int structured, List<Region> result) {
            int end = endOf[structured];
            int split = elseOf[structured] >= 0 ? elseOf[structured] : end;
            for (int[] arm : split == end ? new int[][] {{structured + 1, end}}
                    : new int[][] {{structured + 1, split}, {split + 1, end}}) {
                var inner = children(arm[0], arm[1], blockType(structured) == VOID);
                if (blockType(structured) == VOID) {
                    result.add(new Region(arm[0], arm[1], inner));
                } else {
                    result.addAll(inner);
                }
            }
        }

        /** Chooses regions bottom up, largest first, until {@code region} is under the piece size; returns its size. */
        private int settle(Region region) {
            int size = bytes(region.from, region.to);
            for (var child : region.children) {
                child.size = settle(child);
                size += child.size - bytes(child.from, child.to);
            }
            while (size > pieceBytes) {
                Region best = null;
                for (var child : region.children) {
                    if (!child.outlined && child.size >= MIN_REGION_BYTES && child.movable
                            && (best == null || child.size - child.callSize() > best.size - best.callSize())) {
                        best = child;
                    }
                }
                if (best == null || best.size <= best.callSize()) {
                    break;
                }
                best.outlined = true;
                if (outlinedAt.put(best.from, best) != null) {
                    throw new IllegalStateException("two regions start at instruction " + best.from);
                }
                size += best.callSize() - best.size;
            }
            return size;
        }

        private byte[] pieceBody(Region piece) {
            var out = new Emitter(piece);
            List<ValType> spilledTypes = new ArrayList<>();
            for (var spill : piece.spilledIn()) {
                out.globalGet(spill.global());
                out.localSet(out.local(spill.local()));
                spilledTypes.add(localTypes.get(spill.local()));
            }
            int exits = piece.exits.size();
            if (exits > 0) {
                // block $exit, then one block per exit label, innermost = first exit
                out.labels.add(EXIT_LABEL);
                for (int k = exits - 1; k >= 0; k--) {
                    out.labels.add(piece.exits.get(k));
                }
                for (int k = 0; k <= exits; k++) {
                    out.bytes.write(BLOCK);
                    out.bytes.write(VOID);
                }
            }
            out.emitRange(piece.from, piece.to);
            if (exits > 0) {
                out.branch(BR, EXIT_LABEL);
                for (int k = 0; k < exits; k++) {
                    out.end();
                    out.bytes.write(I32_CONST);
                    writeS32(out.bytes, k + 1);
                    out.localSet(out.exitLocal);
                    if (k < exits - 1) {
                        out.branch(BR, EXIT_LABEL);
                    }
                }
                out.end();
                out.localGet(out.exitLocal);
            }
            for (var spill : piece.spilledOut()) {
                out.localGet(out.local(spill.local()));
                out.globalSet(spill.global());
            }
            for (int l : piece.returnedLocals()) {
                out.localGet(out.local(l));
            }
            for (int r = 0; piece.returnsValues() && r < type.returns().size(); r++) {
                out.localGet(out.returnLocals + r);
            }
            out.bytes.write(END);
            spilledTypes.addAll(out.addedLocals);
            return body(spilledTypes, out.bytes);
        }

        /** Writes one function's code: the original instructions, with calls where regions were moved out. */
        private final class Emitter {
            final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            /** Open labels, outermost first: instruction indices or the ids above. */
            final List<Integer> labels = new ArrayList<>();
            final Region piece;
            /** Locals this function gets beyond the original's (or beyond the piece's parameters). */
            final List<ValType> addedLocals = new ArrayList<>();
            /** The piece's exit code; where values to return wait for the exit (first of as many as results). */
            final int exitLocal;
            int returnLocals = -1;
            private int dispatchLocal = -1;
            private final int[] remap;
            private final int firstAdded;

            Emitter(Region piece) {
                this.piece = piece;
                if (piece == null) {
                    remap = null;
                    firstAdded = localTypes.size();
                    exitLocal = -1;
                } else {
                    remap = new int[localTypes.size()];
                    int k = 0;
                    for (int l = piece.used.nextSetBit(0); l >= 0; l = piece.used.nextSetBit(l + 1)) {
                        remap[l] = k++;
                    }
                    firstAdded = k;
                    exitLocal = piece.exits.isEmpty() ? -1 : addLocals(List.of(ValType.I32));
                    if (piece.returnsValues()) {
                        returnLocals = addLocals(type.returns());
                    }
                }
            }

            private int addLocals(List<ValType> types) {
                int first = firstAdded + addedLocals.size();
                addedLocals.addAll(types);
                return first;
            }

            void localGet(int local) {
                bytes.write(LOCAL_GET);
                writeU32(bytes, local);
            }

            private void localSet(int local) {
                bytes.write(LOCAL_SET);
                writeU32(bytes, local);
            }

            private void globalGet(int global) {
                bytes.write(GLOBAL_GET);
                writeU32(bytes, global);
            }

            private void globalSet(int global) {
                bytes.write(GLOBAL_SET);
                writeU32(bytes, global);
            }

            int local(int original) {
                return piece == null ? original : remap[original];
            }

            void emitRange(int from, int to) {
                for (int i = from; i < to; i++) {
                    Region region = outlinedAt.get(i);
                    if (region != null && region != piece) {
                        call(region);
                        i = region.to - 1;
                        continue;
                    }
                    int op = opcode(i);
                    switch (op) {
                        case BLOCK, LOOP, IF -> {
                            copy(i);
                            labels.add(i);
                        }
                        case END -> end();
                        case BR, BR_IF -> branch(op, targets[i][0]);
                        case BR_TABLE -> {
                            bytes.write(BR_TABLE);
                            writeU32(bytes, targets[i].length - 1);
                            for (int target : targets[i]) {
                                writeU32(bytes, depth(target));
                            }
                        }
                        case RETURN -> {
                            if (piece == null) {
                                copy(i);
                            } else {
                                for (int r = type.returns().size() - 1; r >= 0; r--) {
                                    localSet(returnLocals + r);
                                }
                                branch(BR, FUNCTION_LABEL);
                            }
                        }
                        case LOCAL_GET, LOCAL_SET, 0x22 -> {
                            bytes.write(op);
                            writeU32(bytes, local((int) operand(i, 0)));
                        }
                        default -> copy(i);
                    }
                }
            }

            /** Calls the function made of {@code region}, writes its locals back and takes its exit. */
            private void call(Region region) {
                for (var spill : region.spilledIn()) {
                    localGet(local(spill.local()));
                    globalSet(spill.global());
                }
                for (int l : region.parameters()) {
                    localGet(local(l));
                }
                bytes.write(CALL);
                writeU32(bytes, region.functionIndex);
                if (region.returnsValues()) {
                    if (returnLocals < 0) {
                        returnLocals = addLocals(type.returns());
                    }
                    for (int r = type.returns().size() - 1; r >= 0; r--) {
                        localSet(returnLocals + r);
                    }
                }
                int[] returned = region.returnedLocals();
                for (int k = returned.length - 1; k >= 0; k--) {
                    localSet(local(returned[k]));
                }
                for (var spill : region.spilledOut()) {
                    globalGet(spill.global());
                    localSet(local(spill.local()));
                }
                var exits = region.exits;
                boolean functionReturns = piece == null && region.returnsValues();
                if (exits.isEmpty()) {
                    return;
                }
                if (exits.size() == 1 && !functionReturns) {
                    branch(BR_IF, exits.get(0));
                    return;
                }
                if (dispatchLocal < 0) {
                    dispatchLocal = addLocals(List.of(ValType.I32));
                }
                localSet(dispatchLocal);
                if (functionReturns) {
                    // Here the function itself returns: a branch to its label would need the values on the stack.
                    localGet(dispatchLocal);
                    bytes.write(I32_CONST);
                    writeS32(bytes, exits.indexOf(FUNCTION_LABEL) + 1);
                    bytes.write(0x46); // i32.eq
                    bytes.write(IF);
                    bytes.write(VOID);
                    for (int r = 0; r < type.returns().size(); r++) {
                        localGet(returnLocals + r);
                    }
                    bytes.write(RETURN);
                    bytes.write(END);
                    if (exits.size() == 1) {
                        return;
                    }
                }
                bytes.write(BLOCK);
                bytes.write(VOID);
                labels.add(DISPATCH_LABEL);
                localGet(dispatchLocal);
                bytes.write(BR_TABLE);
                writeU32(bytes, exits.size() + 1);
                writeU32(bytes, 0);
                for (int exit : exits) {
                    writeU32(bytes, functionReturns && exit == FUNCTION_LABEL ? 0 : depth(exit));
                }
                writeU32(bytes, 0);
                end();
            }

            void branch(int op, int label) {
                bytes.write(op);
                writeU32(bytes, depth(label));
            }

            void end() {
                bytes.write(END);
                labels.remove(labels.size() - 1);
            }

            private int depth(int label) {
                int at = labels.lastIndexOf(label);
                if (at < 0) {
                    throw new IllegalStateException("label " + label + " is not open in function " + definedIndex);
                }
                return labels.size() - 1 - at;
            }

            private void copy(int i) {
                int from = instructions.get(i).address();
                bytes.write(wasm, from, instructionEnd(i) - from);
            }
        }

        /** A run of instructions [from, to) that does not change the operand stack. */
        private final class Region {
            final int from, to;
            final List<Region> children;
            /** Locals read or written, and written. */
            final BitSet used = new BitSet(), written = new BitSet();
            /** Labels outside the region that it branches to, in order of first use. */
            final List<Integer> exits = new ArrayList<>();
            private final Set<Integer> exitSet = new HashSet<>();
            final boolean movable;
            int size;
            boolean outlined;
            int functionIndex;

            Region(int from, int to, List<Region> children) {
                this.from = from;
                this.to = to;
                this.children = children;
                this.movable = scan() && canSpill();
            }

            private boolean scan() {
                boolean ok = true;
                for (int i = from; i < to; i++) {
                    var op = instructions.get(i).opcode();
                    switch (op.opcode()) {
                        case LOCAL_GET -> used.set((int) operand(i, 0));
                        case LOCAL_SET, 0x22 -> {
                            used.set((int) operand(i, 0));
                            written.set((int) operand(i, 0));
                        }
                        case RETURN -> ok &= exit(FUNCTION_LABEL, true);
                        case BR, BR_IF, BR_TABLE -> {
                            for (int target : targets[i]) {
                                if (target == FUNCTION_LABEL || target < from || target >= to) {
                                    ok &= exit(target, false);
                                }
                            }
                        }
                        default -> ok &= !refused(op);
                    }
                }
                return ok;
            }

            /**
             * Only labels that take no values can be left through an exit code, and the function
             * through {@code return}, its values kept in locals on the way out.
             */
            private boolean exit(int label, boolean isReturn) {
                if (exitSet.add(label)) {
                    exits.add(label);
                }
                if (label == FUNCTION_LABEL) {
                    return isReturn || type.returns().isEmpty();
                }
                int blockType = blockType(label);
                return blockType == VOID || opcode(label) == LOOP && blockType >= 0x6f && blockType <= 0x7f;
            }

            /** Whether the piece can end the function with values, which then come after its locals. */
            boolean returnsValues() {
                return exitSet.contains(FUNCTION_LABEL) && !type.returns().isEmpty();
            }

            /** Whether the locals past {@link #MAX_VALUES} can go through globals: numbers, in a module with a global section to add to. */
            private boolean canSpill() {
                return IntStream.concat(used.stream().skip(MAX_VALUES), written.stream().skip(returnedCount()))
                        .allMatch(l -> module.globalSection().globalCount() > 0 && isNumber(localTypes.get(l)));
            }

            /** The locals the piece takes as parameters: the first {@link #MAX_VALUES} it uses. */
            int[] parameters() {
                return used.stream().limit(MAX_VALUES).toArray();
            }

            /** The written locals the piece returns as results, after its exit code and before the function's values. */
            int[] returnedLocals() {
                return written.stream().limit(returnedCount()).toArray();
            }

            private int returnedCount() {
                return MAX_VALUES - (exits.isEmpty() ? 0 : 1) - (returnsValues() ? type.returns().size() : 0);
            }

            /** The locals used past the parameters, with the global each goes in through. */
            List<Spill> spilledIn() {
                return spills(used.stream().skip(MAX_VALUES));
            }

            /** The locals written past the results, with the global each comes out through. */
            List<Spill> spilledOut() {
                return spills(written.stream().skip(returnedCount()));
            }

            private List<Spill> spills(IntStream locals) {
                List<Spill> spills = new ArrayList<>();
                Map<Integer, Integer> ordinals = new HashMap<>();
                locals.forEach(l -> {
                    var t = localTypes.get(l);
                    spills.add(new Spill(l, spillGlobal(t, ordinals.merge(t.opcode(), 1, Integer::sum) - 1)));
                });
                return spills;
            }

            FunctionType functionType() {
                List<ValType> params = new ArrayList<>();
                for (int l : parameters()) {
                    params.add(localTypes.get(l));
                }
                List<ValType> results = new ArrayList<>();
                if (!exits.isEmpty()) {
                    results.add(ValType.I32);
                }
                for (int l : returnedLocals()) {
                    results.add(localTypes.get(l));
                }
                if (returnsValues()) {
                    results.addAll(type.returns());
                }
                return FunctionType.of(params, results);
            }

            /** Bytes the call that replaces the region takes. */
            int callSize() {
                int dispatch = exits.isEmpty() ? 0 : 12 + 2 * exits.size() + (returnsValues() ? 20 : 0);
                int spilled = Math.max(0, used.cardinality() - MAX_VALUES) + Math.max(0, written.cardinality() - returnedCount());
                return 4 + 2 * (used.cardinality() + written.cardinality() + spilled) + dispatch;
            }
        }

        /** A local that goes into or out of a piece through a global. */
        private record Spill(int local, int global) { }

        private boolean isStructured(int i) {
            int op = opcode(i);
            return op == BLOCK || op == LOOP || op == IF;
        }

        private boolean isVoidBlockOrLoop(int i) {
            int op = opcode(i);
            return (op == BLOCK || op == LOOP) && blockType(i) == VOID;
        }

        /** The block type byte of a block, loop or if: 0x40 = none, 0x6f..0x7f = one value, else a type index. */
        private int blockType(int i) {
            return wasm[instructions.get(i).address() + 1] & 0xff;
        }

        private int opcode(int i) {
            return instructions.get(i).opcode().opcode();
        }

        private long operand(int i, int k) {
            return instructions.get(i).operand(k);
        }

        private int instructionEnd(int i) {
            return i + 1 < count ? instructions.get(i + 1).address() : instructions.get(i).address() + 1;
        }

        private int bytes(int from, int to) {
            return from >= to ? 0 : instructionEnd(to - 1) - instructions.get(from).address();
        }

        private byte[] body(List<ValType> locals, ByteArrayOutputStream code) {
            var out = new ByteArrayOutputStream(code.size() + 64);
            List<int[]> runs = new ArrayList<>();
            for (var t : locals) {
                int b = t.opcode();
                if (!runs.isEmpty() && runs.get(runs.size() - 1)[1] == b) {
                    runs.get(runs.size() - 1)[0]++;
                } else {
                    runs.add(new int[] {1, b});
                }
            }
            writeU32(out, runs.size());
            for (int[] run : runs) {
                writeU32(out, run[0]);
                out.write(run[1]);
            }
            out.writeBytes(code.toByteArray());
            return out.toByteArray();
        }
    }

    /** Instructions whose meaning depends on the function they are in, beyond locals and labels. */
    private static boolean refused(OpCode op) {
        String name = op.name();
        return name.startsWith("RETURN_CALL") || name.startsWith("BR_ON") || name.contains("TRY")
                || name.contains("CATCH") || name.contains("DELEGATE") || name.contains("THROW");
    }

    private static boolean isSimple(ValType t) {
        int b = t.opcode();
        return b >= 0x6f && b <= 0x7f && b != 0x71 && b != 0x72 && b != 0x73 && b != 0x74;
    }

    /** i32, i64, f32 or f64. */
    private static boolean isNumber(ValType t) {
        return t.opcode() >= 0x7c && t.opcode() <= 0x7f;
    }

    /** A mutable global of this number type, starting at zero. */
    private static void writeZeroGlobal(ByteArrayOutputStream out, ValType type) {
        out.write(type.opcode());
        out.write(1);
        WasmBinary.writeZero(out, type);
        out.write(END);
    }
}

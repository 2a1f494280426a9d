package dev.jemception.build;

import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.SectionId;
import com.dylibso.chicory.wasm.types.ValType;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/** The parts of the wasm binary format the build steps that rewrite modules need: LEB128 integers, vectors, function types and bodies. */
final class WasmBinary {
    private WasmBinary() {}

    /**
     * A code section with the body of each defined function {@code i} replaced by
     * {@code replacement.apply(i)} (kept when that is null), and {@code added} bodies appended.
     * Bodies are given without their size prefix.
     */
    static byte[] rewriteBodies(byte[] section, IntFunction<byte[]> replacement, List<byte[]> added) {
        var in = ByteBuffer.wrap(section);
        int count = readU32(in);
        var out = new ByteArrayOutputStream(section.length);
        writeU32(out, count + added.size());
        for (int i = 0; i < count; i++) {
            int size = readU32(in);
            byte[] body = replacement.apply(i);
            if (body == null) {
                writeU32(out, size);
                out.write(section, in.position(), size);
            } else {
                writeU32(out, body.length);
                out.writeBytes(body);
            }
            in.position(in.position() + size);
        }
        for (byte[] body : added) {
            writeU32(out, body.length);
            out.writeBytes(body);
        }
        return out.toByteArray();
    }

    /** A vector section's contents with {@code added} items, written by {@code items}, after its own. */
    static byte[] append(byte[] vector, int added, Consumer<ByteArrayOutputStream> items) {
        var in = ByteBuffer.wrap(vector);
        int count = readU32(in);
        var out = new ByteArrayOutputStream(vector.length + 1024);
        writeU32(out, count + added);
        out.write(vector, in.position(), vector.length - in.position());
        items.accept(out);
        return out.toByteArray();
    }

    /** Where each function body of a module lies, [start, end) after its size, counted from the module's start. */
    static int[][] bodyRanges(byte[] wasm) {
        var in = ByteBuffer.wrap(wasm);
        in.position(8);
        while (in.hasRemaining()) {
            int id = in.get();
            int size = readU32(in);
            if (id != SectionId.CODE) {
                in.position(in.position() + size);
                continue;
            }
            int[][] ranges = new int[readU32(in)][];
            for (int i = 0; i < ranges.length; i++) {
                int length = readU32(in);
                ranges[i] = new int[] {in.position(), in.position() + length};
                in.position(in.position() + length);
            }
            return ranges;
        }
        throw new IllegalArgumentException("the module has no code section");
    }

    /** {@code t.const 0} for a number type: the const opcode is the type's moved by 0x41 - 0x7f. */
    static void writeZero(ByteArrayOutputStream out, ValType type) {
        if (type.opcode() < 0x7c || type.opcode() > 0x7f) {
            throw new IllegalArgumentException("no zero constant for " + type);
        }
        out.write(0x41 + 0x7f - type.opcode());
        out.writeBytes(new byte[type.opcode() == 0x7d ? 4 : type.opcode() == 0x7c ? 8 : 1]);
    }

    static void writeFunctionType(ByteArrayOutputStream out, FunctionType type) {
        out.write(0x60);
        writeU32(out, type.params().size());
        type.params().forEach(t -> out.write(t.opcode()));
        writeU32(out, type.returns().size());
        type.returns().forEach(t -> out.write(t.opcode()));
    }

    static int readU32(ByteBuffer in) {
        int result = 0, shift = 0;
        byte b;
        do {
            b = in.get();
            result |= (b & 0x7f) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        return result;
    }

    static void writeU32(ByteArrayOutputStream out, long value) {
        do {
            int b = (int) (value & 0x7f);
            value >>>= 7;
            out.write(value != 0 ? b | 0x80 : b);
        } while (value != 0);
    }

    static void writeS32(ByteArrayOutputStream out, int value) {
        boolean more = true;
        while (more) {
            int b = value & 0x7f;
            value >>= 7;
            more = !(value == 0 && (b & 0x40) == 0 || value == -1 && (b & 0x40) != 0);
            out.write(more ? b | 0x80 : b);
        }
    }
}

package dev.jemception.build;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.IntFunction;

/** The parts of the wasm binary format the build steps that rewrite modules need: LEB128 integers, function bodies. */
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

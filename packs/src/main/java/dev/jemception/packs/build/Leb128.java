package dev.jemception.packs.build;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/** The LEB128 integers of the wasm binary format, as the build steps that rewrite modules need them. */
final class Leb128 {
    private Leb128() {}

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

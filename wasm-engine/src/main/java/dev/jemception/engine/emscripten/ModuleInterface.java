package dev.jemception.engine.emscripten;

import com.dylibso.chicory.wasm.MalformedException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.SectionId;
import java.io.ByteArrayOutputStream;
import java.util.Set;

/**
 * A module's interface (its types, imports, functions' types, tables, memories, globals and
 * exports) as a module Chicory parses in milliseconds: every function body becomes
 * {@code unreachable}. Chicory's parser decodes and validates every body even when asked for other
 * sections only, which for a binaryen tool is seconds in a fresh JVM, to learn a few signatures.
 */
final class ModuleInterface {
    private static final Set<Integer> KEPT = Set.of(SectionId.TYPE, SectionId.IMPORT, SectionId.FUNCTION,
            SectionId.TABLE, SectionId.MEMORY, SectionId.TAG, SectionId.GLOBAL, SectionId.EXPORT);
    /** A body: no locals, {@code unreachable}, {@code end}; valid for any signature. */
    private static final byte[] TRAP_BODY = {3, 0x00, 0x00, 0x0b};

    private ModuleInterface() {}

    static WasmModule parse(byte[] wasm) {
        var out = new ByteArrayOutputStream(64 * 1024);
        out.write(wasm, 0, 8); // magic and version
        int functions = 0;
        int at = 8;
        while (at < wasm.length) {
            int id = wasm[at] & 0xff;
            int[] size = leb(wasm, at + 1);
            int content = at + 1 + size[1];
            int end = content + size[0];
            if (end > wasm.length || end < content) {
                throw new MalformedException("section " + id + " runs past the end of the module");
            }
            if (KEPT.contains(id)) {
                out.write(wasm, at, end - at);
            }
            if (id == SectionId.FUNCTION) {
                functions = leb(wasm, content)[0];
            }
            at = end;
        }
        var code = new ByteArrayOutputStream(5 + functions * TRAP_BODY.length);
        writeLeb(code, functions);
        for (int i = 0; i < functions; i++) {
            code.writeBytes(TRAP_BODY);
        }
        out.write(SectionId.CODE);
        writeLeb(out, code.size());
        out.writeBytes(code.toByteArray());
        return Parser.parse(out.toByteArray());
    }

    /** The unsigned LEB128 at {@code at}: its value and its length in bytes. */
    private static int[] leb(byte[] b, int at) {
        int value = 0;
        for (int i = 0; i < 5; i++) {
            int x = b[at + i] & 0xff;
            value |= (x & 0x7f) << (7 * i);
            if ((x & 0x80) == 0) {
                return new int[] {value, i + 1};
            }
        }
        throw new MalformedException("a size at byte " + at + " is longer than 5 bytes");
    }

    private static void writeLeb(ByteArrayOutputStream out, int value) {
        do {
            int x = value & 0x7f;
            value >>>= 7;
            out.write(value != 0 ? x | 0x80 : x);
        } while (value != 0);
    }
}

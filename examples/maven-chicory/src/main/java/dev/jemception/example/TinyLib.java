package dev.jemception.example;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import java.nio.charset.StandardCharsets;

/**
 * The C library of src/main/c, called from Java: its WebAssembly module was compiled by
 * jemception-maven-plugin and turned into JVM bytecode ({@link TinyLibModule}) by Chicory's
 * build-time compiler, so no wasm is interpreted and nothing native is loaded. Not thread-safe
 * (one wasm instance, one linear memory): use one per thread.
 */
public final class TinyLib {
    private final Instance instance;
    private final Memory memory;
    private final ExportFunction malloc;
    private final ExportFunction free;
    private final ExportFunction crc32;
    private final ExportFunction eval;

    public TinyLib() {
        instance = Instance.builder(TinyLibModule.load()).withMachineFactory(TinyLibModule::create).build();
        instance.export("_initialize").apply(); // a reactor module (no main): run its constructors once
        memory = instance.memory();
        malloc = instance.export("malloc");
        free = instance.export("free");
        crc32 = instance.export("tiny_crc32");
        eval = instance.export("tiny_eval");
    }

    /** CRC-32 of {@code data}, as {@link java.util.zip.CRC32} computes it. */
    public long crc32(byte[] data) {
        int ptr = alloc(data.length);
        try {
            memory.write(ptr, data);
            return crc32.apply(ptr, data.length)[0] & 0xFFFF_FFFFL;
        } finally {
            free.apply(ptr);
        }
    }

    /** The value of an integer expression such as {@code "2 * (3 + 4) - -5"}. */
    public long eval(String expression) {
        byte[] text = expression.getBytes(StandardCharsets.UTF_8);
        int ptr = alloc(text.length + 1 + 8);
        int result = ptr + ((text.length + 1 + 7) & ~7); // 8-byte aligned, after the NUL-terminated text
        try {
            memory.write(ptr, text);
            memory.writeByte(ptr + text.length, (byte) 0);
            int error = (int) eval.apply(ptr, result)[0];
            return switch (error) {
                case 0 -> memory.readLong(result);
                case 2 -> throw new ArithmeticException("division by zero in: " + expression);
                default -> throw new IllegalArgumentException("not an expression: " + expression);
            };
        } finally {
            free.apply(ptr);
        }
    }

    private int alloc(int size) {
        int ptr = (int) malloc.apply(Math.max(size, 1) + 8)[0];
        if (ptr == 0) {
            throw new OutOfMemoryError("wasm malloc(" + size + ") failed");
        }
        return ptr;
    }
}

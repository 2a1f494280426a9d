package dev.jemception.example;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;

/**
 * The C library of src/main/cmake, called from Java: CMake built it into a WebAssembly module
 * inside jemception, and Chicory's build-time compiler turned that into JVM bytecode
 * ({@link ChecksumsModule}). Not thread-safe (one wasm instance, one linear memory): use one per thread.
 */
public final class Checksums {
    private final Memory memory;
    private final ExportFunction malloc;
    private final ExportFunction free;
    private final ExportFunction adler32;
    private final ExportFunction crc32c;

    public Checksums() {
        Instance instance = Instance.builder(ChecksumsModule.load()).withMachineFactory(ChecksumsModule::create).build();
        instance.export("_initialize").apply(); // a reactor module: its constructors (crc32c's table) run once
        memory = instance.memory();
        malloc = instance.export("malloc");
        free = instance.export("free");
        adler32 = instance.export("checksums_adler32");
        crc32c = instance.export("checksums_crc32c");
    }

    /** Adler-32 of {@code data}, as {@link java.util.zip.Adler32} computes it. */
    public long adler32(byte[] data) {
        return call(adler32, 1, data);
    }

    /** CRC-32C of {@code data}, as {@link java.util.zip.CRC32C} computes it. */
    public long crc32c(byte[] data) {
        return call(crc32c, 0, data);
    }

    private long call(ExportFunction function, int initial, byte[] data) {
        int ptr = (int) malloc.apply(Math.max(data.length, 1))[0];
        if (ptr == 0) {
            throw new OutOfMemoryError("the module's heap is full");
        }
        try {
            memory.write(ptr, data);
            return function.apply(initial, ptr, data.length)[0] & 0xFFFF_FFFFL;
        } finally {
            free.apply(ptr);
        }
    }
}

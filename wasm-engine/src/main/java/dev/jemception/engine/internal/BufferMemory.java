package dev.jemception.engine.internal;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.types.DataSegment;
import io.github.kawamuray.wasmtime.Store;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A wasmtime instance's linear memory seen as a Chicory {@link Memory}, so that Chicory's WASI
 * functions ({@code WasiPreview1}) serve a module wasmtime runs: they only read and write guest
 * memory through this interface. The view is a direct buffer over the live memory, fetched again
 * at each host call ({@link #refresh}) since {@code memory.grow} leaves an older one too short.
 */
final class BufferMemory implements Memory {
    private final Store<?> store;
    private io.github.kawamuray.wasmtime.Memory memory;
    private ByteBuffer buffer;

    BufferMemory(Store<?> store) {
        this.store = store;
    }

    /** Binds the instance's memory, once it is instantiated. */
    void bind(io.github.kawamuray.wasmtime.Memory memory) {
        this.memory = memory;
        refresh();
    }

    /** Takes a view of the memory as it is now: before each host call, and after growing it. */
    void refresh() {
        if (memory != null) {
            buffer = memory.buffer(store).order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    private ByteBuffer buffer(int addr, int length) {
        if (buffer == null) {
            throw new IllegalStateException("the instance's memory is not bound yet");
        }
        if (length < 0 || Integer.toUnsignedLong(addr) + length > buffer.capacity()) {
            throw new WasmRuntimeException("out of bounds memory access: attempted to access address: "
                    + Integer.toUnsignedString(addr) + " but limit is: " + buffer.capacity() + " and size: " + length);
        }
        return buffer;
    }

    @Override
    public int pages() {
        return memory.size(store);
    }

    @Override
    public int grow(int delta) {
        int old = memory.grow(store, Integer.toUnsignedLong(delta));
        refresh();
        return old;
    }

    @Override
    public int initialPages() {
        return pages();
    }

    @Override
    public int maximumPages() {
        return RUNTIME_MAX_PAGES;
    }

    @Override
    public boolean shared() {
        return false;
    }

    @Override
    public Object lock(int address) {
        return this;
    }

    @Override
    public int waitOn(int address, int expected, long timeout) {
        throw new UnsupportedOperationException("atomics on an unshared memory");
    }

    @Override
    public int waitOn(int address, long expected, long timeout) {
        throw new UnsupportedOperationException("atomics on an unshared memory");
    }

    @Override
    public int notify(int address, int count) {
        return 0;
    }

    @Override
    public void initialize(Instance instance, DataSegment[] segments) {
        // wasmtime initializes the memory it owns; the Chicory instance over this view has no data
    }

    @Override
    public void initPassiveSegment(int segmentId, int dest, int offset, int length) {
        throw new UnsupportedOperationException("data segments belong to wasmtime's instance");
    }

    @Override
    public void drop(int segment) {
        throw new UnsupportedOperationException("data segments belong to wasmtime's instance");
    }

    @Override
    public void write(int addr, byte[] data, int offset, int length) {
        buffer(addr, length).put(addr, data, offset, length);
    }

    @Override
    public byte read(int addr) {
        return buffer(addr, 1).get(addr);
    }

    @Override
    public byte[] readBytes(int addr, int length) {
        byte[] bytes = new byte[length];
        buffer(addr, length).get(addr, bytes);
        return bytes;
    }

    @Override
    public void writeByte(int addr, byte value) {
        buffer(addr, 1).put(addr, value);
    }

    @Override
    public short readShort(int addr) {
        return buffer(addr, 2).getShort(addr);
    }

    @Override
    public long readU16(int addr) {
        return Short.toUnsignedLong(readShort(addr));
    }

    @Override
    public void writeShort(int addr, short value) {
        buffer(addr, 2).putShort(addr, value);
    }

    @Override
    public int readInt(int addr) {
        return buffer(addr, 4).getInt(addr);
    }

    @Override
    public void writeI32(int addr, int value) {
        buffer(addr, 4).putInt(addr, value);
    }

    @Override
    public long readLong(int addr) {
        return buffer(addr, 8).getLong(addr);
    }

    @Override
    public void writeLong(int addr, long value) {
        buffer(addr, 8).putLong(addr, value);
    }

    @Override
    public float readFloat(int addr) {
        return buffer(addr, 4).getFloat(addr);
    }

    @Override
    public long readF32(int addr) {
        return readInt(addr);
    }

    @Override
    public void writeF32(int addr, float value) {
        buffer(addr, 4).putFloat(addr, value);
    }

    @Override
    public double readDouble(int addr) {
        return buffer(addr, 8).getDouble(addr);
    }

    @Override
    public long readF64(int addr) {
        return readLong(addr);
    }

    @Override
    public void writeF64(int addr, double value) {
        buffer(addr, 8).putDouble(addr, value);
    }

    @Override
    public void zero() {
        if (buffer != null) { // Chicory zeroes its instance's memory when it makes it: wasmtime's starts zeroed
            fill((byte) 0, 0, buffer.capacity());
        }
    }

    @Override
    public void fill(byte value, int fromIndex, int toIndex) {
        ByteBuffer b = buffer(fromIndex, toIndex - fromIndex);
        for (int i = fromIndex; i < toIndex; i++) {
            b.put(i, value);
        }
    }
}

package dev.jemception.packs;

import com.dylibso.chicory.runtime.ConstantEvaluators;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.types.ActiveDataSegment;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.PassiveDataSegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A non-shared wasm memory in one byte array, for the compiled modules (clang, binaryen's tools).
 * Chicory's {@code ByteArrayMemory} keeps 64 KiB pages ({@code byte[][]}): each access splits the
 * address, loads the page and tests for a page boundary, and its accessors are too large for C1 to
 * inline. Here an access is one bounds check and one array access; measured, warm clang and
 * wasm-opt run 10-25% faster (box-llvm/README.md). The array grows by doubling (the visible size
 * stays exact: {@code size} bounds every access), so an allocator growing memory 64 KiB at a time
 * does not copy the heap each time; the price is up to twice the heap in capacity.
 */
final class FlatMemory implements Memory {
    private static final VarHandle SHORT = view(short[].class);
    private static final VarHandle INT = view(int[].class);
    private static final VarHandle LONG = view(long[].class);
    private static final VarHandle FLOAT = view(float[].class);
    private static final VarHandle DOUBLE = view(double[].class);

    private final MemoryLimits limits;
    private DataSegment[] dataSegments;
    private byte[] bytes;
    private int size;

    FlatMemory(MemoryLimits limits) {
        if (limits.shared()) {
            throw new ChicoryException("shared memory is not supported here");
        }
        this.limits = limits;
        this.size = Memory.bytes(limits.initialPages());
        this.bytes = new byte[size];
    }

    private static VarHandle view(Class<?> arrayType) {
        return MethodHandles.byteArrayViewVarHandle(arrayType, ByteOrder.LITTLE_ENDIAN);
    }

    /** Traps unless {@code [addr, addr + length)} lies in the memory ({@code addr} is unsigned). */
    private void check(int addr, int length) {
        if (length < 0 || Integer.toUnsignedLong(addr) + length > size) {
            throw outOfBounds(addr, length);
        }
    }

    private WasmRuntimeException outOfBounds(int addr, int length) {
        return new WasmRuntimeException("out of bounds memory access: attempted to access address: "
                + Integer.toUnsignedString(addr) + " but limit is: " + size + " and size: " + length);
    }

    @Override
    public int pages() {
        return size / PAGE_SIZE;
    }

    @Override
    public int grow(int delta) {
        int old = pages();
        long wanted = (long) old + Integer.toUnsignedLong(delta);
        if (wanted > maximumPages()) {
            return -1;
        }
        int newSize = (int) wanted * PAGE_SIZE;
        if (newSize > bytes.length) {
            long capacity = Math.max(newSize, Math.min(2L * bytes.length, (long) RUNTIME_MAX_PAGES * PAGE_SIZE));
            bytes = Arrays.copyOf(bytes, (int) capacity);
        }
        size = newSize;
        return old;
    }

    @Override
    public int initialPages() {
        return limits.initialPages();
    }

    @Override
    public int maximumPages() {
        return Math.min(limits.maximumPages(), RUNTIME_MAX_PAGES);
    }

    @Override
    public boolean shared() {
        return false;
    }

    @Override
    public Object lock(int address) {
        throw new UnsupportedOperationException("not a shared memory");
    }

    @Override
    public int waitOn(int address, int expected, long timeout) {
        throw new WasmRuntimeException("attempt to wait on a non-shared memory");
    }

    @Override
    public int waitOn(int address, long expected, long timeout) {
        throw new WasmRuntimeException("attempt to wait on a non-shared memory");
    }

    @Override
    public int notify(int address, int count) {
        check(address, 4);
        return 0;
    }

    @Override
    public void initialize(Instance instance, DataSegment[] segments) {
        initialize(instance, segments, 0);
    }

    @Override
    public void initialize(Instance instance, DataSegment[] segments, int memoryIndex) {
        this.dataSegments = segments;
        if (segments == null) {
            return;
        }
        for (DataSegment segment : segments) {
            if (segment instanceof ActiveDataSegment active) {
                if (active.index() == memoryIndex) {
                    int offset = (int) ConstantEvaluators.computeConstantValue(instance, active.offsetInstructions())[0];
                    byte[] data = active.data();
                    write(offset, data, 0, data.length);
                }
            } else if (!(segment instanceof PassiveDataSegment)) {
                throw new ChicoryException("data segment not supported: " + segment);
            }
        }
    }

    @Override
    public void initPassiveSegment(int segmentId, int dest, int offset, int length) {
        byte[] data = dataSegments[segmentId].data();
        if (offset < 0 || length < 0 || offset > data.length - length) {
            throw outOfBounds(dest, length);
        }
        write(dest, data, offset, length);
    }

    @Override
    public void drop(int segment) {
        dataSegments[segment] = PassiveDataSegment.EMPTY;
    }

    @Override
    public void write(int addr, byte[] data, int offset, int length) {
        check(addr, length);
        System.arraycopy(data, offset, bytes, addr, length);
    }

    @Override
    public byte read(int addr) {
        check(addr, 1);
        return bytes[addr];
    }

    @Override
    public byte[] readBytes(int addr, int length) {
        check(addr, length);
        return Arrays.copyOfRange(bytes, addr, addr + length);
    }

    @Override
    public void writeByte(int addr, byte value) {
        check(addr, 1);
        bytes[addr] = value;
    }

    @Override
    public short readShort(int addr) {
        check(addr, 2);
        return (short) SHORT.get(bytes, addr);
    }

    @Override
    public long readU16(int addr) {
        return readShort(addr) & 0xFFFFL;
    }

    @Override
    public void writeShort(int addr, short value) {
        check(addr, 2);
        SHORT.set(bytes, addr, value);
    }

    @Override
    public int readInt(int addr) {
        check(addr, 4);
        return (int) INT.get(bytes, addr);
    }

    @Override
    public void writeI32(int addr, int value) {
        check(addr, 4);
        INT.set(bytes, addr, value);
    }

    @Override
    public long readLong(int addr) {
        check(addr, 8);
        return (long) LONG.get(bytes, addr);
    }

    @Override
    public void writeLong(int addr, long value) {
        check(addr, 8);
        LONG.set(bytes, addr, value);
    }

    @Override
    public float readFloat(int addr) {
        check(addr, 4);
        return (float) FLOAT.get(bytes, addr);
    }

    @Override
    public long readF32(int addr) {
        return readInt(addr);
    }

    @Override
    public void writeF32(int addr, float value) {
        check(addr, 4);
        FLOAT.set(bytes, addr, value);
    }

    @Override
    public double readDouble(int addr) {
        check(addr, 8);
        return (double) DOUBLE.get(bytes, addr);
    }

    @Override
    public long readF64(int addr) {
        return readLong(addr);
    }

    @Override
    public void writeF64(int addr, double value) {
        check(addr, 8);
        DOUBLE.set(bytes, addr, value);
    }

    @Override
    public void zero() {
        Arrays.fill(bytes, 0, size, (byte) 0);
    }

    @Override
    public void fill(byte value, int fromIndex, int toIndex) {
        check(fromIndex, toIndex - fromIndex);
        Arrays.fill(bytes, fromIndex, toIndex, value);
    }

    @Override
    public void copy(int dest, int src, int length) {
        check(src, length);
        check(dest, length);
        System.arraycopy(bytes, src, bytes, dest, length);
    }
}

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.DataSegment;
import java.nio.ByteOrder;
import org.graalvm.polyglot.Value;

/** Chicory's Memory over a GraalWasm memory (a polyglot buffer), for the WASI calls only. */
@SuppressWarnings("removal")
final class GraalWasmMemory implements Memory {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private Value buffer;

    void attach(Value memory) {
        buffer = memory;
    }

    @Override public int pages() { return (int) (buffer.getBufferSize() / PAGE_SIZE); }
    @Override public int grow(int pages) { throw new UnsupportedOperationException("grow from WASI"); }
    @Override public int initialPages() { return pages(); }
    @Override public int maximumPages() { return RUNTIME_MAX_PAGES; }
    @Override public boolean shared() { return false; }
    @Override public Object lock(int address) { return this; }
    @Override public int waitOn(int address, int expected, long timeout) { throw new UnsupportedOperationException(); }
    @Override public int waitOn(int address, long expected, long timeout) { throw new UnsupportedOperationException(); }
    @Override public int notify(int address, int count) { throw new UnsupportedOperationException(); }
    @Override public void initialize(Instance instance, DataSegment[] segments) {}
    @Override public void initPassiveSegment(int segment, int address, int offset, int size) { throw new UnsupportedOperationException(); }
    @Override public void zero() {}
    @Override public void drop(int segment) {}

    @Override
    public void write(int address, byte[] data, int offset, int length) {
        int i = 0;
        for (; i + 8 <= length; i += 8) { // the polyglot API has no bulk write: eight bytes at a time
            long v = 0;
            for (int k = 7; k >= 0; k--) {
                v = (v << 8) | (data[offset + i + k] & 0xff);
            }
            buffer.writeBufferLong(LE, address + i, v);
        }
        for (; i < length; i++) {
            buffer.writeBufferByte(address + i, data[offset + i]);
        }
    }

    @Override
    public byte[] readBytes(int address, int length) {
        byte[] bytes = new byte[length];
        buffer.readBuffer(address, bytes, 0, length);
        return bytes;
    }

    @Override public byte read(int address) { return buffer.readBufferByte(address); }
    @Override public void writeByte(int address, byte value) { buffer.writeBufferByte(address, value); }
    @Override public void writeShort(int address, short value) { buffer.writeBufferShort(LE, address, value); }
    @Override public short readShort(int address) { return buffer.readBufferShort(LE, address); }
    @Override public long readU16(int address) { return readShort(address) & 0xffff; }
    @Override public void writeI32(int address, int value) { buffer.writeBufferInt(LE, address, value); }
    @Override public int readInt(int address) { return buffer.readBufferInt(LE, address); }
    @Override public void writeLong(int address, long value) { buffer.writeBufferLong(LE, address, value); }
    @Override public long readLong(int address) { return buffer.readBufferLong(LE, address); }
    @Override public void writeF32(int address, float value) { buffer.writeBufferFloat(LE, address, value); }
    @Override public long readF32(int address) { return readInt(address); }
    @Override public float readFloat(int address) { return buffer.readBufferFloat(LE, address); }
    @Override public void writeF64(int address, double value) { buffer.writeBufferDouble(LE, address, value); }
    @Override public long readF64(int address) { return readLong(address); }
    @Override public double readDouble(int address) { return buffer.readBufferDouble(LE, address); }

    @Override
    public void fill(byte value, int from, int to) {
        for (int i = from; i < to; i++) {
            buffer.writeBufferByte(i, value);
        }
    }
}

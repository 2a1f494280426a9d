package dev.jemception.packs;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** FlatMemory must behave exactly as Chicory's own ByteArrayMemory, traps included. */
class FlatMemoryTest {
    private static final String TRAP = "trap";

    @Test
    void behavesAsChicorysByteArrayMemory() {
        var limits = new MemoryLimits(1, 6);
        Memory flat = new FlatMemory(limits);
        Memory reference = new ByteArrayMemory(limits);
        var random = new Random(42);
        for (int step = 0; step < 300_000; step++) {
            int size = reference.pages() * Memory.PAGE_SIZE;
            int addr = address(random, size);
            int op = random.nextInt(16);
            long value = random.nextLong();
            int length = random.nextInt(5) == 0 ? random.nextInt(300_000) - 1000 : random.nextInt(64);
            int other = address(random, size);
            String context = "step " + step + ": op " + op + " at " + Integer.toUnsignedString(addr);
            assertThat(outcome(() -> apply(flat, op, addr, value, length, other)))
                    .as(context)
                    .isEqualTo(outcome(() -> apply(reference, op, addr, value, length, other)));
        }
        assertThat(flat.pages()).isEqualTo(reference.pages());
        int size = reference.pages() * Memory.PAGE_SIZE;
        assertThat(flat.readBytes(0, size)).isEqualTo(reference.readBytes(0, size));
    }

    @Test
    void growsUpToItsMaximumAndKeepsItsContents() {
        Memory memory = new FlatMemory(new MemoryLimits(0, 40));
        assertThat(outcome(() -> memory.readInt(0))).isEqualTo(TRAP);
        for (int page = 0; page < 40; page++) {
            assertThat(memory.grow(1)).isEqualTo(page);
            memory.writeI32(page * Memory.PAGE_SIZE, page + 1);
        }
        assertThat(memory.grow(1)).isEqualTo(-1);
        assertThat(memory.grow(-1)).isEqualTo(-1);
        for (int page = 0; page < 40; page++) {
            assertThat(memory.readInt(page * Memory.PAGE_SIZE)).isEqualTo(page + 1);
        }
        assertThat(outcome(() -> memory.read(40 * Memory.PAGE_SIZE))).isEqualTo(TRAP);
    }

    /** Mostly near the end of memory and near page boundaries, where bounds checks matter. */
    private static int address(Random random, int size) {
        return switch (random.nextInt(6)) {
            case 0 -> size - random.nextInt(16);
            case 1 -> random.nextInt(size / Memory.PAGE_SIZE + 2) * Memory.PAGE_SIZE - random.nextInt(9);
            case 2 -> random.nextInt();
            default -> random.nextInt(size + 64);
        };
    }

    private static Object apply(Memory memory, int op, int addr, long value, int length, int other) {
        return switch (op) {
            case 0 -> memory.read(addr);
            case 1 -> memory.readShort(addr);
            case 2 -> memory.readU16(addr);
            case 3 -> memory.readInt(addr);
            case 4 -> memory.readLong(addr);
            case 5 -> memory.readFloat(addr);
            case 6 -> memory.readDouble(addr);
            case 7 -> { memory.writeByte(addr, (byte) value); yield null; }
            case 8 -> { memory.writeShort(addr, (short) value); yield null; }
            case 9 -> { memory.writeI32(addr, (int) value); yield null; }
            case 10 -> { memory.writeLong(addr, value); yield null; }
            case 11 -> { memory.writeF64(addr, Double.longBitsToDouble(value)); yield null; }
            case 12 -> { memory.fill((byte) value, addr, addr + length); yield null; }
            case 13 -> { memory.copy(addr, other, length); yield null; }
            case 14 -> Arrays.hashCode(memory.readBytes(addr, length));
            default -> (value & 0xff) < 8 ? memory.grow((int) (value >>> 60)) : memory.readF32(addr);
        };
    }

    private static Object outcome(Supplier<Object> access) {
        try {
            return access.get();
        } catch (ChicoryException e) {
            return TRAP;
        } catch (RuntimeException e) {
            return e.getClass().getName();
        }
    }
}

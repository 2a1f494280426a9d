package dev.jemception.engine.emscripten;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.wasm.MalformedException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ModuleInterfaceTest {
    /** An import, two functions (one calls the import), a table, a memory, a global, three exports, data. */
    private static final byte[] MODULE = bytes(
            0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
            0x01, 0x09, 0x02, 0x60, 0x01, 0x7f, 0x01, 0x7f, 0x60, 0x00, 0x00, // types: (i32) -> i32, () -> ()
            0x02, 0x09, 0x01, 0x03, 'e', 'n', 'v', 0x01, 'f', 0x00, 0x00, // import env.f, type 0
            0x03, 0x03, 0x02, 0x00, 0x01, // functions of types 0 and 1
            0x04, 0x04, 0x01, 0x70, 0x00, 0x01, // a funcref table
            0x05, 0x03, 0x01, 0x00, 0x01, // a memory of one page
            0x06, 0x06, 0x01, 0x7f, 0x01, 0x41, 0x07, 0x0b, // a mutable i32 global, 7
            0x07, 0x11, 0x03, 0x03, 'r', 'u', 'n', 0x00, 0x01, 0x03, 'm', 'e', 'm', 0x02, 0x00, 0x01, 'g', 0x03, 0x00,
            0x0a, 0x0b, 0x02, 0x06, 0x00, 0x20, 0x00, 0x10, 0x00, 0x0b, 0x02, 0x00, 0x0b, // bodies
            0x0b, 0x08, 0x01, 0x00, 0x41, 0x00, 0x0b, 0x02, 'h', 'i'); // data "hi" at 0

    @Test
    void keepsWhatTheModuleImportsAndExportsAndTheirTypes() {
        WasmModule full = Parser.parse(MODULE);
        WasmModule shape = ModuleInterface.parse(MODULE);

        assertThat(shape.importSection().count(ExternalType.FUNCTION)).isEqualTo(1);
        assertThat(shape.importSection().getImport(0).module()).isEqualTo("env");
        assertThat(shape.importSection().getImport(0).name()).isEqualTo("f");
        assertThat(shape.functionSection().functionCount()).isEqualTo(full.functionSection().functionCount()).isEqualTo(2);
        for (int i = 0; i < 2; i++) {
            assertThat(shape.functionSection().getFunctionType(i, shape.typeSection()))
                    .isEqualTo(full.functionSection().getFunctionType(i, full.typeSection()));
        }
        assertThat(shape.exportSection().exportCount()).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            assertThat(shape.exportSection().getExport(i)).usingRecursiveComparison().isEqualTo(full.exportSection().getExport(i));
        }
        assertThat(shape.memorySection().orElseThrow().getMemory(0).limits().initialPages()).isEqualTo(1);
        assertThat(shape.dataSection().dataSegments()).isEmpty(); // left behind with the code
    }

    @Test
    void aSectionPastTheEndIsMalformed() {
        byte[] truncated = Arrays.copyOf(MODULE, 33); // within the function section;
        assertThatThrownBy(() -> ModuleInterface.parse(truncated))
                .isInstanceOf(MalformedException.class).hasMessageContaining("past the end");
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }
}

package dev.jemception.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import dev.jemception.engine.emscripten.EmscriptenTool;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A module shaped as Emscripten's JS exception handling makes them (a throw through the
 * {@code __cxa_throw} import, a catch through an {@code invoke_*} import), rewritten and run with
 * a host that only records the exception and asks the module to unwind, as the wasmtime host does.
 */
class WasmSideExceptionsTest {
    private static final int I32 = 0x7f;
    private static final Map<String, String> IMPORTS = Map.of("t", "___cxa_throw", "i", "invoke_v");
    private static final Map<String, String> EXPORTS = Map.of("_emscripten_stack_get_current", "s",
            "__emscripten_stack_restore", "r", "_setThrew", "w");

    /**
     * Globals: 0 = __THREW__ (setThrew's), 1 = "after the throw", which unwinding must skip. Functions:
     * 0 import __cxa_throw, 1 import invoke_v, 2 stackSave, 3 stackRestore, 4 setThrew, 5 throws,
     * 6 calls 5 then sets global 1, 7 main: invoke_v(table[0] = 6), returns __THREW__ * 10 + global 1,
     * 8 calls 5 with nothing to catch.
     */
    static byte[] module() {
        var out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
        section(out, 1, 6, // types
                0x60, 3, I32, I32, I32, 0, // 0 (i32 i32 i32) -> ()
                0x60, 1, I32, 0, // 1 (i32) -> ()
                0x60, 0, 1, I32, // 2 () -> i32
                0x60, 1, I32, 0, // 3 (i32) -> () again
                0x60, 2, I32, I32, 0, // 4 (i32 i32) -> ()
                0x60, 0, 0); // 5 () -> ()
        section(out, 2, 2, 1, 'a', 1, 't', 0, 0, 1, 'a', 1, 'i', 0, 1); // imports
        section(out, 3, 7, 2, 3, 4, 5, 5, 2, 5); // function types of 2..8
        section(out, 4, 1, 0x70, 0, 1); // a funcref table of 1
        section(out, 6, 2, I32, 1, 0x41, 0, 0x0b, I32, 1, 0x41, 0, 0x0b); // two mutable i32 globals = 0
        section(out, 7, 5, 1, 's', 0, 2, 1, 'r', 0, 3, 1, 'w', 0, 4, 4, 'm', 'a', 'i', 'n', 0, 7,
                5, 'o', 'u', 't', 'e', 'r', 0, 8);
        section(out, 9, 1, 0, 0x41, 0, 0x0b, 1, 6); // table[0] = function 6
        section(out, 10, 7,
                4, 0, 0x41, 0, 0x0b, // 2: i32.const 0
                2, 0, 0x0b, // 3
                6, 0, 0x20, 0, 0x24, 0, 0x0b, // 4: global 0 = param 0
                11, 0, 0x41, 1, 0x41, 2, 0x41, 3, 0x10, 0, 0x00, 0x0b, // 5: __cxa_throw(1, 2, 3); unreachable
                8, 0, 0x10, 5, 0x41, 1, 0x24, 1, 0x0b, // 6: call 5; global 1 = 1
                14, 0, 0x41, 0, 0x10, 1, 0x23, 0, 0x41, 10, 0x6c, 0x23, 1, 0x6a, 0x0b, // 7
                4, 0, 0x10, 5, 0x0b); // 8: call 5
        return out.toByteArray();
    }

    private static void section(ByteArrayOutputStream out, int id, int... content) {
        out.write(id);
        out.write(content.length); // every section here is under 128 bytes
        for (int b : content) {
            out.write(b);
        }
    }

    /**
     * The host: __cxa_throw asks the module to unwind when it can (the rewritten module) and
     * returns; invoke_v must no longer be called.
     */
    static Instance instantiate(byte[] wasm, boolean rewritten) {
        var cxaThrow = new HostFunction("a", "t", FunctionType.of(List.of(ValType.I32, ValType.I32, ValType.I32), List.of()),
                (instance, args) -> {
                    if (rewritten) {
                        instance.export(EmscriptenTool.UNWIND_EXPORT).apply();
                    }
                    return null;
                });
        var invoke = new HostFunction("a", "i", FunctionType.of(List.of(ValType.I32), List.of()), (instance, args) -> {
            throw new AssertionError("invoke_v runs inside the module now");
        });
        return Instance.builder(Parser.parse(wasm))
                .withImportValues(ImportValues.builder().addFunction(cxaThrow, invoke).build()).build();
    }

    @Test
    void anInvokeCatchesWhatItsCalleeThrowsAndTheFramesBetweenStop() {
        var instance = instantiate(WasmSideExceptions.apply(module(), IMPORTS, EXPORTS), true);
        assertThat(instance.export("main").apply()[0]).as("__THREW__ set, the code after the throw skipped").isEqualTo(10);
        assertThat(instance.export(EmscriptenTool.UNWINDING_EXPORT).apply()[0]).as("caught: not unwinding").isZero();
    }

    @Test
    void anExceptionNothingCatchesReachesTheEntryPointWithTheFlagSet() {
        var instance = instantiate(WasmSideExceptions.apply(module(), IMPORTS, EXPORTS), true);
        instance.export("outer").apply();
        assertThat(instance.export(EmscriptenTool.UNWINDING_EXPORT).apply()[0]).isEqualTo(1);
    }

    @Test
    void withoutTheRewriteTheThrowFallsThroughToUnreachable() {
        assertThatThrownBy(() -> instantiate(module(), false).export("outer").apply()).hasMessageContaining("unreachable");
    }
}

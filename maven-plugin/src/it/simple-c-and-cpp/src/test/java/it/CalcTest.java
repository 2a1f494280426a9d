package it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.Parser;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** The module the plugin put on the class path, run in Chicory. */
class CalcTest {
    @Test
    void exportsComputeTheRightAnswers() throws Exception {
        try (InputStream wasm = CalcTest.class.getResourceAsStream("/wasm/calc.wasm");
                var wasi = WasiPreview1.builder().withOptions(WasiOptions.builder().build()).build()) {
            Instance instance = Instance.builder(Parser.parse(wasm))
                    .withImportValues(ImportValues.builder().addFunction(wasi.toHostFunctions()).build())
                    .withStart(false)
                    .build();
            var exports = instance.module().exportSection();
            for (int i = 0; i < exports.exportCount(); i++) {
                if (exports.getExport(i).name().equals("_initialize")) {
                    instance.export("_initialize").apply(); // a reactor module: its constructors first
                }
            }
            assertEquals(5, instance.export("add").apply(2, 3)[0]);
            assertEquals(385, instance.export("sum_of_squares").apply(10)[0]); // 1² + ... + 10²
        }
    }
}

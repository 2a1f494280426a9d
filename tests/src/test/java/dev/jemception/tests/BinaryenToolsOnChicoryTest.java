package dev.jemception.tests;

import dev.jemception.runtime.Toolchain;
import dev.jemception.runtime.WasmEngine;
import dev.jemception.runtime.cache.Caches;
import java.io.IOException;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link BinaryenToolsTest} on Chicory, the pure-Java engine (where wasmtime runs, wasm-opt and
 * wasm-metadce run there by default, from a module whose C++ exceptions unwind inside it): the
 * same bytes as Node's. No result cache, so that every command runs on Chicory rather than
 * replaying what wasmtime made.
 */
class BinaryenToolsOnChicoryTest extends BinaryenToolsTest {
    @BeforeAll
    static void onChicory() throws IOException {
        session.close();
        session = Toolchain.load().newSession().mountHost(dir).cwd(dir).caches(Caches.none())
                .wasmEngine(WasmEngine.CHICORY).build();
    }
}

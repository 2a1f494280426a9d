package dev.jemception.tests;

import dev.jemception.runtime.Toolchain;
import dev.jemception.runtime.WasmEngine;
import dev.jemception.runtime.cache.Caches;
import java.io.IOException;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link LlvmToolchainTest} on Chicory, the pure-Java engine that runs where wasmtime's native
 * library does not load: the same tools, the same bytes. No result cache, so that every command
 * runs on Chicory rather than replaying what wasmtime made.
 */
class LlvmToolchainOnChicoryTest extends LlvmToolchainTest {
    @BeforeAll
    static void onChicory() throws IOException {
        session.close();
        session = Toolchain.load().newSession().mountHost(dir).cwd(dir).caches(Caches.none())
                .wasmEngine(WasmEngine.CHICORY).build();
    }
}

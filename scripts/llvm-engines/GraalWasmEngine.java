import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.ByteSequence;
import org.graalvm.polyglot.proxy.ProxyExecutable;
import org.graalvm.polyglot.proxy.ProxyObject;

/**
 * GraalWasm runs the module (one shared Engine, so later runs reuse compiled code; JIT only when
 * the script puts the Graal compiler on the module path). Its own WASI cannot run clang: fstat on
 * stdin/stdout answers ENOTCAPABLE and LLVM's FixupStandardFileDescriptors then exits with 1, so
 * the imports are Chicory's WasiPreview1 (the one jemception runs today) over GraalWasm's memory.
 */
final class GraalWasmEngine implements LlvmEngineBench.Engine {
    /** A module with one memory: gives Chicory's WASI an Instance whose memory() is GraalWasm's. */
    private static final byte[] MEMORY_ONLY = {0, 'a', 's', 'm', 1, 0, 0, 0, 5, 3, 1, 0, 1};

    private final Engine engine = Engine.newBuilder("wasm").option("engine.WarnInterpreterOnly", "false").build();
    private final Source source;
    private final WasmModule carrierModule = Parser.parse(MEMORY_ONLY);
    private final Path resources;
    private final Path dir;

    GraalWasmEngine(Path wasm, Path resources, Path dir) throws Exception {
        source = Source.newBuilder("wasm", ByteSequence.create(Files.readAllBytes(wasm)), "llvm").build();
        this.resources = resources;
        this.dir = dir;
    }

    @Override
    public int run(List<String> argv) {
        var memory = new GraalWasmMemory();
        try (var wasi = WasiPreview1.builder().withOptions(ChicoryRuntimeEngine.wasiOptions(argv, resources, dir)).build();
                Context context = Context.newBuilder("wasm").engine(engine).build()) {
            var carrier = Instance.builder(carrierModule).withMemoryFactory(limits -> memory).withStart(false).build();
            Map<String, Object> imports = new HashMap<>();
            for (HostFunction f : wasi.toHostFunctions()) {
                boolean returnsValue = !f.returnTypes().isEmpty();
                imports.put(f.name(), (ProxyExecutable) args -> {
                    long[] values = new long[args.length];
                    for (int i = 0; i < args.length; i++) {
                        values[i] = args[i].asLong();
                    }
                    long[] result = f.handle().apply(carrier, values);
                    return returnsValue ? (Object) (int) result[0] : null;
                });
            }
            Value instance = context.eval(source).newInstance(
                    ProxyObject.fromMap(Map.of("wasi_snapshot_preview1", ProxyObject.fromMap(imports))));
            Value exports = instance.getMember("exports");
            memory.attach(exports.getMember("memory"));
            try {
                exports.getMember("_start").execute();
                return 0;
            } catch (PolyglotException e) {
                if (e.isHostException() && e.asHostException() instanceof WasiExitException exit) {
                    return exit.exitCode();
                }
                throw e;
            }
        }
    }
}

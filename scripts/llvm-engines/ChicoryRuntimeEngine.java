import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import dev.jemception.build.BuildLlvmChicory;
import dev.jemception.build.FunctionOutliner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * The module compiled by Chicory's compiler in this JVM (the same compiler box-llvm runs at build time),
 * optionally with functions split first as the build splits them ({@code BuildLlvmChicory.SPLIT}: C1 and
 * C2 give up on LLVM's largest functions, which then stay in the JVM's bytecode interpreter).
 * (Chicory and its sibling differ only in the package they import.)
 */
final class ChicoryRuntimeEngine implements LlvmEngineBench.Engine {
    private final WasmModule module;
    private final Function<Instance, Machine> machine;
    private final Path resources;
    private final Path dir;

    ChicoryRuntimeEngine(Path wasm, Path resources, Path dir, boolean split) throws Exception {
        byte[] bytes = Files.readAllBytes(wasm);
        if (split) {
            bytes = FunctionOutliner.outline(bytes, BuildLlvmChicory.SPLIT);
        }
        module = Parser.parse(bytes);
        machine = MachineFactoryCompiler.builder(module).withInterpreterFallback(InterpreterFallback.SILENT).compile();
        this.resources = resources;
        this.dir = dir;
    }

    @Override
    public int run(List<String> argv) {
        try (var wasi = WasiPreview1.builder().withOptions(wasiOptions(argv, resources, dir)).build()) {
            var instance = Instance.builder(module)
                    .withImportValues(ImportValues.builder().addFunction(wasi.toHostFunctions()).build())
                    .withMachineFactory(machine).withMemoryFactory(ByteArrayMemory::new).withStart(false).build();
            instance.export("_start").apply();
            return 0;
        } catch (WasiExitException e) {
            return e.exitCode();
        }
    }

    /** What the harness's WASI sees (also GraalWasm's, which runs on Chicory's WASI): the resources at /usr, the bench directory. */
    static WasiOptions wasiOptions(List<String> argv, Path resources, Path dir) {
        return WasiOptions.builder().withArguments(argv).withStdout(System.out).withStderr(System.err)
                .withDirectory("/usr", resources).withDirectory(dir.toString(), dir).build();
    }
}

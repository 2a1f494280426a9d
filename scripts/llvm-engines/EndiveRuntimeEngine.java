import run.endive.compiler.InterpreterFallback;
import run.endive.compiler.MachineFactoryCompiler;
import run.endive.runtime.ByteArrayMemory;
import run.endive.runtime.ImportValues;
import run.endive.runtime.Instance;
import run.endive.runtime.Machine;
import run.endive.wasi.WasiExitException;
import run.endive.wasi.WasiOptions;
import run.endive.wasi.WasiPreview1;
import run.endive.wasm.Parser;
import run.endive.wasm.WasmModule;
import dev.jemception.build.BuildLlvmChicory;
import dev.jemception.build.FunctionOutliner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * The module compiled by Endive's compiler in this JVM (the same compiler box-llvm runs at build time),
 * optionally with functions split first as the build splits them ({@code BuildLlvmChicory.SPLIT}: C1 and
 * C2 give up on LLVM's largest functions, which then stay in the JVM's bytecode interpreter).
 * (Endive and its sibling differ only in the package they import.)
 */
final class EndiveRuntimeEngine implements LlvmEngineBench.Engine {
    private final WasmModule module;
    private final Function<Instance, Machine> machine;
    private final Path resources;
    private final Path dir;

    EndiveRuntimeEngine(Path wasm, Path resources, Path dir, boolean split) throws Exception {
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
        var options = WasiOptions.builder().withArguments(argv).withStdout(System.out).withStderr(System.err)
                .withDirectory("/usr", resources).withDirectory(dir.toString(), dir);
        try (var wasi = WasiPreview1.builder().withOptions(options.build()).build()) {
            var instance = Instance.builder(module)
                    .withImportValues(ImportValues.builder().addFunction(wasi.toHostFunctions()).build())
                    .withMachineFactory(machine).withMemoryFactory(ByteArrayMemory::new).withStart(false).build();
            instance.export("_start").apply();
            return 0;
        } catch (WasiExitException e) {
            return e.exitCode();
        }
    }
}

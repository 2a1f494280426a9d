package dev.jemception.llvm;

import dev.jemception.llvm.internal.ClangDriver;
import dev.jemception.llvm.internal.DwarfDump;
import dev.jemception.llvm.internal.LlvmModule;
import dev.jemception.packs.Pack;
import dev.jemception.runtime.EmsdkLayout;
import dev.jemception.runtime.Program;
import dev.jemception.runtime.Replay;
import dev.jemception.runtime.ProgramDirectory;
import dev.jemception.runtime.ProgramProvider;
import dev.jemception.vfs.ReadOnlyTree;
import dev.jemception.runtime.ProcessContext;
import dev.jemception.runtime.WasmEngine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The LLVM tools of the pinned YoWASP build: clang, clang++, wasm-ld, lld and the llvm-* binary
 * utilities, all one multicall module; and clang's resource headers at {@value #RESOURCE_DIR},
 * where that build looks for them.
 */
public final class LlvmPrograms implements ProgramProvider {
    /** The resource directory the YoWASP clang was configured with. */
    public static final String RESOURCE_DIR = "/usr";
    /** Where the tools are on disk, for programs that look for them there (emcc's LLVM_ROOT). */

    /** Command name to the multicall tool name it runs. */
    private static final Map<String, String> TOOLS = tools();

    private static Map<String, String> tools() {
        Map<String, String> t = new LinkedHashMap<>();
        for (String name : new String[] {"clang", "clang++", "wasm-ld", "lld", "ld.lld"}) {
            t.put(name, name);
        }
        for (String name : new String[] {"ar", "ranlib", "nm", "objcopy", "strip", "objdump", "readobj", "readelf",
                "symbolizer", "addr2line", "cxxfilt", "size"}) {
            t.put("llvm-" + name, "llvm-" + name);
        }
        t.put("c++filt", "c++filt");
        return t;
    }

    @Override
    public void warmUp(WasmEngine engine) {
        LlvmModule.load(engine);
    }

    @Override
    public Map<String, Program> programs() {
        Map<String, Program> programs = new LinkedHashMap<>();
        TOOLS.forEach((command, tool) -> {
            Program program = command.startsWith("clang")
                    ? process -> ClangDriver.run(tool, process)
                    : WRITES_WITH_PERMISSIONS.contains(command)
                            ? process -> runIgnoringChmod(tool, process)
                            : process -> LlvmModule.run(tool, process);
            // compiles and links: what they write follows from the command and the files they read
            programs.put(command, REPLAYABLE.contains(command) ? Program.replayable(program, p -> Replay.FILES) : program);
        });
        programs.put("llvm-dwarfdump", DwarfDump::run); // not in the pinned build: the part source maps read
        return programs;
    }

    /** The tools the result cache may replay ({@link Program#replay}). */
    private static final Set<String> REPLAYABLE = Set.of("clang", "clang++", "wasm-ld");

    /** Tools that copy the input's permissions onto the file they write, as their very last step. */
    private static final Set<String> WRITES_WITH_PERMISSIONS = Set.of("llvm-objcopy", "llvm-strip");
    private static final Pattern CHMOD_FAILURE = Pattern.compile("llvm-(objcopy|strip): error: '[^']*': Function not implemented");

    /**
     * Runs llvm-objcopy or llvm-strip. WASI has no chmod, so in this build they fail with "Function
     * not implemented" after writing their complete output, when they copy the input's permission
     * bits onto it. Exactly that error, and nothing else, is not a failure here.
     */
    private static int runIgnoringChmod(String tool, ProcessContext process) throws Exception {
        var err = new ByteArrayOutputStream();
        int code = LlvmModule.run(tool, process.with(process.argv(), process.stdin(), process.stdout(), err));
        String messages = err.toString(StandardCharsets.UTF_8);
        if (code != 0 && !messages.isBlank() && messages.lines().allMatch(l -> CHMOD_FAILURE.matcher(l).matches())) {
            return 0;
        }
        process.stderr().write(err.toByteArray());
        return code;
    }

    /** The resource headers pack, opened once per JVM. */
    private static final Supplier<Pack> RESOURCES = Pack.shared(LlvmModule.class, "llvm-resources.jpack");

    @Override
    public Map<String, ReadOnlyTree> mounts() {
        return Map.of(RESOURCE_DIR, RESOURCES.get(), EmsdkLayout.LLVM_BIN, new ProgramDirectory("llvm-bin", programs().keySet()));
    }
}

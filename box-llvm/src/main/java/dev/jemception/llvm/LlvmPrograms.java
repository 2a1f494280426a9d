package dev.jemception.llvm;

import dev.jemception.llvm.internal.ClangDriver;
import dev.jemception.llvm.internal.LlvmModule;
import dev.jemception.packs.Pack;
import dev.jemception.runtime.Program;
import dev.jemception.runtime.ProgramProvider;
import dev.jemception.vfs.ReadOnlyTree;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The LLVM tools of the pinned YoWASP build: clang, clang++, wasm-ld, lld and the llvm-* binary
 * utilities, all one multicall module; and clang's resource headers at {@value #RESOURCE_DIR},
 * where that build looks for them.
 */
public final class LlvmPrograms implements ProgramProvider {
    /** The resource directory the YoWASP clang was configured with. */
    public static final String RESOURCE_DIR = "/usr";

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
    public Map<String, Program> programs() {
        Map<String, Program> programs = new LinkedHashMap<>();
        TOOLS.forEach((command, tool) -> programs.put(command, command.startsWith("clang")
                ? process -> ClangDriver.run(tool, process)
                : process -> LlvmModule.run(tool, process)));
        programs.put("llvm-dwarfdump", process -> {
            process.stderr().write(("llvm-dwarfdump: not available: the pinned LLVM build (@yowasp/clang) does not"
                    + " include it; llvm-objdump --dwarf=info reads DWARF instead\n").getBytes());
            return 1;
        });
        return programs;
    }

    /** The resource headers pack, opened once per JVM. */
    private static Pack resources;

    @Override
    public Map<String, ReadOnlyTree> mounts() throws IOException {
        synchronized (LlvmPrograms.class) {
            if (resources == null) {
                resources = Pack.fromResource(LlvmModule.class, "llvm-resources.jpack");
            }
            return Map.of(RESOURCE_DIR, resources);
        }
    }
}

package dev.jemception.api;

import java.util.List;

/**
 * What a compile produced: the exit code of emcc, the wasm module and (for {@link
 * CompileOptions.Output#JS}) the JavaScript glue when it succeeded (null otherwise), the
 * diagnostics, and the raw output of the tools.
 */
public record CompileResult(int exitCode, byte[] wasm, String js, List<Diagnostic> diagnostics, String stdout, String stderr) {

    public CompileResult {
        diagnostics = List.copyOf(diagnostics);
    }

    public boolean succeeded() {
        return exitCode == 0;
    }

    /** The module, or null if the compile failed or the JS holds it (-sSINGLE_FILE, -sWASM=0). */
    @Override
    public byte[] wasm() {
        return wasm == null ? null : wasm.clone();
    }

    public List<Diagnostic> errors() {
        return diagnostics.stream().filter(d -> d.severity() == Diagnostic.Severity.ERROR).toList();
    }
}

package dev.jemception.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jemception.runtime.RunResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * binaryen 129's tools in Chicory with the Java Emscripten host, on a module our own clang built:
 * their output must be byte-identical to the same build of binaryen run by Node.js. The expected
 * hashes were recorded from Node, so the check runs everywhere; where the machine has node and
 * the build's extracted binaryen package, the outputs are also compared live.
 */
class BinaryenToolsTest extends SessionTestBase {
    /** Where the box-binaryen build unpacked the npm package (the Node.js oracle). */
    static final Path NPM_BIN = Path.of("../box-binaryen/target/binaryen-package/binaryen/package/bin");

    static final String INPUT_SHA256 = "001b7c5d2695ac31554e3c189659899b5ad025c77eb341832cfae32ba8a90ebc";
    static final String O2_SHA256 = "f3e064879c8a803ad2e6bb8a025440b67e472d62151b41e3fbd603b63d9fc564";
    static final String OZ_SHA256 = "65df3ce24cb700d81afa2478943ede5ef42558cbcf4f0cc6f44b1dc872c1d748";
    static final String METRICS_SHA256 = "f9ebaff1015e8c61f516ec3b742207bdb6997960f1a6a8341d3d620c03f133db";
    static final String METADCE_SHA256 = "f0d286bd2e5bd780f0c7c0ac3af48d4642e980e9dba59c82130477bb2bc88715";

    static final Wasi.Exit EXPECTED_RUN = new Wasi.Exit(3, "emscripten=10\njvm=3\nwasm=4\n3.142 42\n");

    static final String METADCE_GRAPH = """
            [
              {"name": "start", "root": true, "export": "_start"},
              {"name": "memory", "root": true, "export": "memory"},
              {"name": "unused", "export": "unused_helper"}
            ]
            """;

    @BeforeAll
    static void buildInput() throws IOException {
        write("input.cpp", EmscriptenTest.CXX_PROGRAM.replace("return 3;", "return 3;\n}\nextern \"C\" __attribute__((export_name(\"unused_helper\"))) int unused_helper(int x) {\n    return x * 7;"));
        ok("clang++", "--target=wasm32-wasip1", "-O0", "-fno-exceptions", "input.cpp", "-o", "input.wasm");
    }

    @Test
    void inputIsTheRecordedModule() throws IOException {
        assertThat(sha256(dir.resolve("input.wasm"))).isEqualTo(INPUT_SHA256);
    }

    @Test
    void wasmOptO2MatchesNode() throws Exception {
        ok("wasm-opt", "-O2", "input.wasm", "-o", "o2.wasm");
        assertThat(sha256(dir.resolve("o2.wasm"))).isEqualTo(O2_SHA256);
        assertThat(Wasi.run(dir.resolve("o2.wasm"))).isEqualTo(EXPECTED_RUN);
        compareWithNode("wasm-opt", List.of("-O2", "input.wasm", "-o", "%OUT%"), "o2.wasm");
    }

    @Test
    void wasmOptOzMatchesNodeAndIsSmaller() throws Exception {
        ok("wasm-opt", "-Oz", "input.wasm", "-o", "oz.wasm");
        assertThat(sha256(dir.resolve("oz.wasm"))).isEqualTo(OZ_SHA256);
        assertThat(Files.size(dir.resolve("oz.wasm"))).isLessThan(Files.size(dir.resolve("input.wasm")));
        compareWithNode("wasm-opt", List.of("-Oz", "input.wasm", "-o", "%OUT%"), "oz.wasm");
    }

    @Test
    void wasmOptMetricsMatchesNode() throws Exception {
        RunResult r = ok("wasm-opt", "--metrics", "input.wasm");
        assertThat(r.stdout()).contains("[funcs]");
        Files.writeString(dir.resolve("metrics.txt"), r.stdout());
        assertThat(sha256(dir.resolve("metrics.txt"))).isEqualTo(METRICS_SHA256);
        assumeTrue(nodeOracle(), "no node or no extracted binaryen package to compare with live");
        assertThat(node("wasm-opt", List.of("--metrics", "input.wasm"))).isEqualTo(r.stdout());
    }

    @Test
    void wasmMetadceRemovesWhatTheGraphDoesNotReach() throws Exception {
        write("graph.json", METADCE_GRAPH);
        RunResult r = ok("wasm-metadce", "--graph-file", "graph.json", "input.wasm", "-o", "dce.wasm");
        assertThat(r.stdout()).contains("unused: unused");
        assertThat(sha256(dir.resolve("dce.wasm"))).isEqualTo(METADCE_SHA256);
        compareWithNode("wasm-metadce", List.of("--graph-file", "graph.json", "input.wasm", "-o", "%OUT%"), "dce.wasm");
    }

    @Test
    void aThrowingConstructorTakesTheCxxExceptionPathInWasmCtorEval() throws Exception {
        // ctor2 calls an import, which wasm-ctor-eval cannot evaluate: binaryen throws a C++
        // exception internally and stops there, keeping ctor1's evaluation.
        write("ctors.wat", """
                (module
                  (import "env" "imp" (func $imp))
                  (memory (export "memory") 1)
                  (global $g (mut i32) (i32.const 0))
                  (func $ctor1 (export "ctor1") (global.set $g (i32.const 42)) (i32.store (i32.const 8) (i32.const 7)))
                  (func $ctor2 (export "ctor2") (call $imp) (global.set $g (i32.const 1)))
                  (func $get (export "get") (result i32) (global.get $g)))
                """);
        RunResult r = ok("wasm-ctor-eval", "ctors.wat", "--ctors=ctor1,ctor2", "-o", "ctors.wasm");
        assertThat(r.stdout()).contains("...success on ctor1.", "could not eval: call import: env.imp");
        assertThat(ok("wasm-dis", "ctors.wasm").stdout()).contains("(global $global$0 (mut i32) (i32.const 42))",
                "(data $0 (i32.const 8) \"\\07\")", "(export \"ctor2\"").doesNotContain("(export \"ctor1\"");
        compareWithNode("wasm-ctor-eval", List.of("ctors.wat", "--ctors=ctor1,ctor2", "-o", "%OUT%"), "ctors.wasm");
    }

    @Test
    void wasmDisAndWasmAsRoundTrip() throws Exception {
        ok("wasm-dis", "input.wasm", "-o", "input.wat");
        assertThat(Files.readString(dir.resolve("input.wat"))).startsWith("(module");
        // text has no features section: enable what clang's default CPU uses
        ok("wasm-as", "-all", "input.wat", "-o", "again.wasm");
        assertThat(Wasi.run(dir.resolve("again.wasm"))).isEqualTo(EXPECTED_RUN);
        compareWithNode("wasm-dis", List.of("input.wasm", "-o", "%OUT%"), "input.wat");
        compareWithNode("wasm-as", List.of("-all", "input.wat", "-o", "%OUT%"), "again.wasm");
    }

    @Test
    void errorsGiveBinaryensMessageAndTheNextRunWorks() throws IOException {
        Files.write(dir.resolve("corrupt.wasm"), new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0, 1, 0x7f, 3});
        RunResult corrupt = session.run("wasm-opt", "-O2", "corrupt.wasm", "-o", "never.wasm");
        assertThat(corrupt.exitCode()).isNotZero();
        assertThat(corrupt.stderr()).contains("Fatal").doesNotContain("Exception");
        assertThat(dir.resolve("never.wasm")).doesNotExist();

        RunResult pass = session.run("wasm-opt", "--no-such-pass", "input.wasm");
        assertThat(pass.exitCode()).isNotZero();
        assertThat(pass.stderr()).contains("Unknown option '--no-such-pass'");

        RunResult missing = session.run("wasm-opt", "missing.wasm");
        assertThat(missing.exitCode()).isNotZero();
        assertThat(missing.stderr()).contains("missing.wasm");

        RunResult split = session.run("wasm-split", "input.wasm");
        assertThat(split.exitCode()).isEqualTo(1);
        assertThat(split.stderr()).contains("wasm-split: not available");

        assertThat(ok("wasm-opt", "--version").stdout()).contains("version 129");
    }

    /** Runs the tool under Node on the same input and compares the output file byte for byte. */
    private static void compareWithNode(String tool, List<String> args, String output) throws Exception {
        if (!nodeOracle()) {
            return; // the recorded hash above already pinned the output
        }
        String nodeOutput = "node-" + output;
        node(tool, args.stream().map(a -> a.replace("%OUT%", nodeOutput)).toList());
        assertThat(Files.readAllBytes(dir.resolve(output))).isEqualTo(Files.readAllBytes(dir.resolve(nodeOutput)));
    }

    private static boolean nodeOracle() {
        return Wasi.nodeOnPath() && Files.isRegularFile(NPM_BIN.resolve("wasm-opt"));
    }

    private static String node(String tool, List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node", NPM_BIN.resolve(tool).toAbsolutePath().toString()));
        command.addAll(args);
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("node " + tool).isZero();
        return new String(out, StandardCharsets.UTF_8);
    }

    static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

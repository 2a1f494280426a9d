package dev.jemception.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jemception.runtime.RunResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Emscripten 5.0.7's own JavaScript tools (the packed tree) run by jemception's node give the same
 * bytes as Node.js: against outputs recorded from Node 20, and live where {@code node} is on PATH.
 */
class EmscriptenJsToolsTest extends SessionTestBase {
    static final String EMSCRIPTEN = "/emsdk/emscripten";
    /** sha256 of Node 20's output of compiler.mjs --symbols-only for the settings "{}". */
    static final String SYMBOLS_SHA256 = "ac1bea8e56fdd3a06210762d26d7331d597ae3002381c7953b21b3bc0de3eae4";
    /**
     * sha256 of Node 20's output of the full compiler.mjs run for {@code hello-settings.json} (the
     * bench's input, in demo-cli): the settings emcc passed to it when linking a C hello world
     * ({@code EMCC_DEBUG=1} keeps them).
     */
    static final String HELLO_JS_SHA256 = "96a59109d2b5ec2236597d568ced5aefa33ec985f8898d1f14206ce98eb93bf3";

    static final String INPUT_JS = """
            var Module = typeof Module != 'undefined' ? Module : {};
            function unused(a, b) { return a + b; }
            function used(x) { var y = x * 2; var dead = 5; return y + 1; }
            var keep = used(20);
            console.log("keep is", keep);
            """;

    @BeforeAll
    static void writeInputs() throws IOException {
        Files.writeString(dir.resolve("settings.json"), "{}\n");
        Files.writeString(dir.resolve("input.js"), INPUT_JS);
    }


    @Test
    void compilerSymbolsOnlyMatchesNode() throws Exception {
        RunResult r = ok("node", EMSCRIPTEN + "/tools/compiler.mjs", "settings.json", "--symbols-only");
        assertThat(r.stdout()).startsWith("{\"deps\":{");
        assertThat(sha256(r.stdoutBytes())).isEqualTo(SYMBOLS_SHA256);

        byte[] live = liveNode("tools/compiler.mjs", dir.resolve("settings.json").toString(), "--symbols-only");
        assertThat(r.stdoutBytes()).isEqualTo(live);
    }

    @Test
    void fullCompilerRunForAHelloWorldLinkMatchesNode() throws Exception {
        String settings;
        try (var in = EmscriptenJsToolsTest.class.getResourceAsStream("/dev/jemception/bench/hello-settings.json")) {
            settings = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        Files.writeString(dir.resolve("hello-settings.json"), settings);
        RunResult r = ok("node", EMSCRIPTEN + "/tools/compiler.mjs", "hello-settings.json");
        assertThat(r.stdout()).contains("function run(", "<<< ATINITS >>>");
        assertThat(sha256(r.stdoutBytes())).isEqualTo(HELLO_JS_SHA256);

        // The settings name a JS library by its path in the tree: point real Node at its copy.
        assumeTrue(Wasi.nodeOnPath(), "no node on PATH: compared with the recorded Node output only");
        Files.writeString(dir.resolve("host-settings.json"), settings.replace(EMSCRIPTEN, copyTreeToHost().toString()));
        assertThat(r.stdoutBytes()).isEqualTo(liveNode("tools/compiler.mjs", dir.resolve("host-settings.json").toString()));
    }

    @Test
    void acornOptimizerPassesMatchNode() throws Exception {
        ok("node", EMSCRIPTEN + "/tools/acorn-optimizer.mjs", "input.js", "JSDCE", "--minify-whitespace", "-o", "out.js");
        assertThat(Files.readString(dir.resolve("out.js"))).isEqualTo(
                "var Module=typeof Module!=\"undefined\"?Module:{};function used(x){var y=x*2;return y+1}"
                        + "var keep=used(20);console.log(\"keep is\",keep);\n");

        liveNode("tools/acorn-optimizer.mjs", dir.resolve("input.js").toString(), "JSDCE", "--minify-whitespace",
                "-o", dir.resolve("node-out.js").toString());
        assertThat(dir.resolve("out.js")).hasSameBinaryContentAs(dir.resolve("node-out.js"));
    }

    /** Runs a tool of the packed tree with the machine's Node.js (skips the test where there is none). */
    static byte[] liveNode(String tool, String... args) throws Exception {
        assumeTrue(Wasi.nodeOnPath(), "no node on PATH: compared with the recorded Node output only");
        Path tree = copyTreeToHost();
        List<String> command = new ArrayList<>(List.of("node", tree.resolve(tool).toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        return out;
    }

    private static Path hostTree;

    /** The packed Emscripten tree (with node_modules/acorn), copied out of the VFS for real Node. */
    static synchronized Path copyTreeToHost() throws IOException {
        if (hostTree == null) {
            Path target = dir.resolve("emscripten");
            Path root = session.fileSystem().getPath(EMSCRIPTEN);
            try (var files = Files.walk(root)) {
                for (Path p : files.toList()) {
                    Path out = target.resolve(root.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(out);
                    } else {
                        Files.write(out, Files.readAllBytes(p));
                    }
                }
            }
            hostTree = target;
        }
        return hostTree;
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}

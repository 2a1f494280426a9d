package dev.jemception.build;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what the build needs out of an Emscripten-generated JS file: the wasm module embedded by
 * SINGLE_FILE, and the maps between the module's minified import/export names and the Emscripten
 * symbols they stand for (they differ per build, so they are derived, never written down).
 */
final class EmscriptenGlue {
    private static final byte[] DECODE_CALL = "binaryDecode('".getBytes(StandardCharsets.US_ASCII);
    private static final String IDENT = "[A-Za-z_$][\\w$]*";
    private static final Pattern IMPORTS = Pattern.compile("var wasmImports=\\{([^{}]*)\\}");
    private static final Pattern ASSIGN_EXPORTS = Pattern.compile("function assignWasmExports\\(wasmExports\\)\\{([^}]*)\\}");
    private static final Pattern EXPORT_STATEMENT =
            Pattern.compile("((?:" + IDENT + "(?:\\[\"[\\w$]+\"\\])?=)+)wasmExports\\[\"(" + IDENT + ")\"\\]");
    private static final Pattern CTORS_CALL =
            // within initRuntime's body: no other function's text between (its body may hold braces: FS.mount(SOCKFS,{}))
            Pattern.compile("function initRuntime\\(\\)\\{(?:(?!function ).)*?wasmExports\\[\"(" + IDENT + ")\"\\]\\(\\)", Pattern.DOTALL);

    /** Minified import name to Emscripten symbol, and Emscripten symbol to minified export name. */
    record Names(Map<String, String> imports, Map<String, String> exports) {}

    private EmscriptenGlue() {}

    /**
     * The wasm in the script's one {@code binaryDecode('...')} literal: one character U+0000–U+00FF
     * per byte (so UTF-8 in the file: 0x80–0xFF take two bytes), escaped only as {@code \r \n \\ \'}.
     * Anything else means a different encoder: fail rather than guess.
     */
    static byte[] embeddedWasm(byte[] script) {
        int at = indexOf(script, DECODE_CALL, 0);
        if (at < 0 || indexOf(script, DECODE_CALL, at + 1) >= 0) {
            throw new IllegalStateException("expected exactly one binaryDecode('...') literal");
        }
        var out = new ByteArrayOutputStream(script.length);
        for (int i = at + DECODE_CALL.length; ; i++) {
            int b = script[i] & 0xff;
            if (b == '\'') {
                break;
            } else if (b == '\\') {
                int e = script[++i];
                out.write(switch (e) {
                    case 'r' -> '\r';
                    case 'n' -> '\n';
                    case '\\', '\'', '"' -> e;
                    default -> throw new IllegalStateException("unexpected escape \\" + (char) e + " at byte " + i);
                });
            } else if (b < 0x80) {
                out.write(b);
            } else if ((b & 0xe0) == 0xc0) {
                int code = (b & 0x1f) << 6 | (script[++i] & 0x3f);
                if (code > 0xff) {
                    throw new IllegalStateException("character U+" + Integer.toHexString(code) + " in the wasm literal");
                }
                out.write(code);
            } else {
                throw new IllegalStateException("a multi-byte character in the wasm literal at byte " + i);
            }
        }
        byte[] wasm = out.toByteArray();
        if (!Arrays.equals(wasm, 0, 8, new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0}, 0, 8)) {
            throw new IllegalStateException("the binaryDecode literal is not a wasm module");
        }
        return wasm;
    }

    /** The import and export names of the glue's {@code wasmImports} and {@code assignWasmExports}. */
    static Names names(String glue) {
        Map<String, String> imports = new LinkedHashMap<>();
        for (String pair : single(IMPORTS, glue, "var wasmImports={...}").split(",")) {
            String[] kv = pair.split(":");
            if (kv.length != 2 || !kv[0].matches(IDENT) || !kv[1].matches(IDENT)) {
                throw new IllegalStateException("unexpected wasmImports entry: " + pair);
            }
            imports.put(kv[0], kv[1]);
        }
        Map<String, String> exports = new LinkedHashMap<>();
        for (String statement : single(ASSIGN_EXPORTS, glue, "assignWasmExports").split(";")) {
            Matcher m = EXPORT_STATEMENT.matcher(statement.trim());
            if (!m.matches()) {
                throw new IllegalStateException("unexpected statement in assignWasmExports: " + statement);
            }
            // a=Module["a"]=wasmExports["X"]: the first plain identifier is the symbol
            String symbol = Arrays.stream(m.group(1).split("="))
                    .filter(t -> t.matches(IDENT))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no plain target in " + statement));
            exports.put(symbol, m.group(2));
        }
        exports.put("__wasm_call_ctors", single(CTORS_CALL, glue, "the constructor call in initRuntime"));
        return new Names(imports, exports);
    }

    private static String single(Pattern pattern, String text, String what) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("cannot find " + what + " in the Emscripten glue");
        }
        String found = m.group(1);
        if (m.find()) {
            throw new IllegalStateException("found " + what + " twice in the Emscripten glue");
        }
        return found;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

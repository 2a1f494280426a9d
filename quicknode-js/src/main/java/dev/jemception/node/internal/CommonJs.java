package dev.jemception.node.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CommonJS files imported from ES modules: which files are CommonJS (Node's rule), and the ES
 * module that presents one: {@code module.exports} as the default export, and as named exports the
 * names assigned as {@code exports.NAME = ...} (what Node's cjs-module-lexer detects for such code).
 */
final class CommonJs {
    private static final Pattern NAMED_EXPORT = Pattern.compile(
            "(?:module\\.)?exports\\.([A-Za-z_$][\\w$]*)\\s*=[^=]|Object\\.defineProperty\\(\\s*exports\\s*,\\s*['\"]([A-Za-z_$][\\w$]*)['\"]");
    private static final Pattern TYPE_MODULE = Pattern.compile("\"type\"\\s*:\\s*\"module\"");

    private CommonJs() {}

    static boolean isCommonJs(Path path) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        if (name.endsWith(".cjs")) {
            return true;
        }
        if (!name.endsWith(".js") || path.startsWith(NodeFileSystem.SHIM_DIR)) {
            return false;
        }
        for (Path dir = path.toAbsolutePath().getParent(); dir != null; dir = dir.getParent()) {
            Path manifest = dir.resolve("package.json");
            if (Files.isRegularFile(manifest)) {
                try {
                    return !TYPE_MODULE.matcher(Files.readString(manifest)).find();
                } catch (java.io.IOException e) {
                    return true;
                }
            }
        }
        return true;
    }

    /** The ES module for a CommonJS file; line numbers stay those of the original. */
    static String wrap(Path path, String code) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = NAMED_EXPORT.matcher(code);
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            if (!name.equals("default") && !name.equals("module") && !name.equals("exports")) {
                names.add(name);
            }
        }
        String file = path.toAbsolutePath().toString();
        String dir = path.toAbsolutePath().getParent().toString();
        var out = new StringBuilder()
                .append("const module = { exports: {} }; (function (exports, require, module, __filename, __dirname) {")
                .append(code)
                .append("\n}).call(module.exports, module.exports, globalThis.__jemceptionRequireFrom(").append(quote(dir))
                .append("), module, ")
                .append(quote(file)).append(", ").append(quote(dir)).append(");\n")
                .append("export default module.exports;\n");
        if (!names.isEmpty()) {
            out.append("const { ").append(String.join(", ", names)).append(" } = module.exports;\n")
                    .append("export { ").append(String.join(", ", names)).append(" };\n");
        }
        return out.toString();
    }

    private static String quote(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}

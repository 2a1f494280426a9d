package dev.jemception.ninja.internal;

import dev.jemception.ninja.internal.Graph.Edge;
import dev.jemception.ninja.internal.Graph.Node;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads ninja's manifest language (the build.ninja CMake writes and the ones people write by
 * hand): variables, {@code rule}, {@code build} with implicit outputs and implicit, order-only and
 * validation inputs, {@code default}, {@code pool}, {@code include}, {@code subninja}, the {@code $}
 * escapes and line continuations. Errors name the file and line.
 */
final class ManifestParser {
    private final Graph graph;
    private final Function<String, String> readFile;

    /** @param readFile the text of a manifest by path (relative to the build directory) */
    ManifestParser(Graph graph, Function<String, String> readFile) {
        this.graph = graph;
        this.readFile = readFile;
    }

    void parse(String file, Scope scope) {
        new FileParser(file, readFile.apply(file), scope).parse();
    }

    private final class FileParser {
        private final String file;
        private final String text;
        private final Scope scope;
        private int pos;

        FileParser(String file, String text, Scope scope) {
            this.file = file;
            this.text = text;
            this.scope = scope;
        }

        void parse() {
            while (true) {
                skipBlankLines();
                if (pos >= text.length()) {
                    return;
                }
                if (peek() == ' ' || peek() == '\t') {
                    throw error("unexpected indent");
                }
                String keyword = identifier();
                switch (keyword) {
                    case "rule" -> rule();
                    case "build" -> build();
                    case "default" -> defaults();
                    case "pool" -> pool();
                    case "include", "subninja" -> {
                        skipSpaces();
                        String path = evalString(true).evaluate(scope::lookup);
                        endOfLine();
                        parse(path, keyword.equals("include") ? scope : new Scope(scope));
                    }
                    default -> {
                        skipSpaces();
                        expect('=');
                        skipSpaces();
                        String value = evalString(false).evaluate(scope::lookup);
                        endOfLine();
                        scope.set(keyword, value);
                    }
                }
            }
        }

        private void parse(String path, Scope target) {
            new FileParser(path, readFile.apply(path), target).parse();
        }

        private void rule() {
            skipSpaces();
            String name = identifier();
            endOfLine();
            Map<String, EvalString> bindings = new LinkedHashMap<>();
            while (indented()) {
                String key = identifier();
                skipSpaces();
                expect('=');
                skipSpaces();
                bindings.put(key, evalString(false));
                endOfLine();
            }
            if (name.equals("phony") || !scope.addRule(new Scope.Rule(name, bindings))) {
                throw error("duplicate rule '" + name + "'");
            }
            if (!bindings.containsKey("command")) {
                throw error("rule '" + name + "' has no command");
            }
        }

        private void build() {
            int start = pos;
            skipSpaces();
            List<EvalString> outs = new ArrayList<>();
            int explicitOuts = paths(outs);
            if (explicitOuts == 0) {
                throw error("expected a path");
            }
            if (peek() == '|') {
                pos++;
                skipSpaces();
                paths(outs);
            }
            expect(':');
            skipSpaces();
            String ruleName = identifier();
            Scope.Rule rule = ruleName.equals("phony") ? Scope.PHONY : scope.rule(ruleName);
            if (rule == null) {
                throw error("unknown build rule '" + ruleName + "'");
            }
            skipSpaces();
            List<EvalString> ins = new ArrayList<>();
            int explicitIns = paths(ins);
            int implicitIns = 0;
            if (peek() == '|' && peekAt(1) != '|' && peekAt(1) != '@') {
                pos++;
                skipSpaces();
                implicitIns = paths(ins);
            }
            if (peek() == '|' && peekAt(1) == '|') {
                pos += 2;
                skipSpaces();
                paths(ins);
            }
            if (peek() == '|' && peekAt(1) == '@') { // validations: built too, nothing waits for them
                pos += 2;
                skipSpaces();
                paths(new ArrayList<>());
            }
            endOfLine();
            var edge = new Edge(rule, new Scope(scope));
            while (indented()) {
                String key = identifier();
                skipSpaces();
                expect('=');
                skipSpaces();
                edge.scope.set(key, evalString(false).evaluate(scope::lookup));
                endOfLine();
            }
            Function<String, String> lookup = edge::binding;
            for (EvalString out : outs) {
                Node node = graph.node(out.evaluate(lookup));
                if (node.inEdge != null) {
                    throw errorAt(start, "multiple rules generate " + node.path);
                }
                node.inEdge = edge;
                edge.outputs.add(node);
            }
            edge.explicitOutputs = explicitOuts;
            for (EvalString in : ins) {
                Node node = graph.node(in.evaluate(lookup));
                node.outEdges.add(edge);
                edge.inputs.add(node);
            }
            edge.explicitInputs = explicitIns;
            edge.implicitInputs = implicitIns;
            String pool = edge.binding("pool");
            if (!pool.isEmpty() && !graph.pools.containsKey(pool)) {
                throw errorAt(start, "unknown pool name '" + pool + "'");
            }
            graph.edges.add(edge);
        }

        private void defaults() {
            skipSpaces();
            List<EvalString> targets = new ArrayList<>();
            paths(targets);
            endOfLine();
            for (EvalString target : targets) {
                Node node = graph.existingNode(target.evaluate(scope::lookup));
                if (node == null) {
                    throw error("unknown target '" + target.evaluate(scope::lookup) + "'");
                }
                graph.defaults.add(node);
            }
        }

        private void pool() {
            skipSpaces();
            String name = identifier();
            endOfLine();
            int depth = -1;
            while (indented()) {
                String key = identifier();
                skipSpaces();
                expect('=');
                skipSpaces();
                String value = evalString(false).evaluate(scope::lookup);
                endOfLine();
                if (!key.equals("depth")) {
                    throw error("unexpected variable '" + key + "' in pool");
                }
                try {
                    depth = Integer.parseInt(value.strip());
                } catch (NumberFormatException e) {
                    depth = -1;
                }
                if (depth < 0) {
                    throw error("invalid pool depth '" + value + "'");
                }
            }
            if (depth < 0) {
                throw error("pool '" + name + "' has no depth");
            }
            graph.pools.put(name, depth);
        }

        /** Paths up to ':', '|' or the end of the line; returns how many. */
        private int paths(List<EvalString> into) {
            int n = 0;
            while (pos < text.length() && peek() != ':' && peek() != '|' && peek() != '\n' && peek() != '\r') {
                EvalString path = evalString(true);
                if (path.isEmpty()) {
                    throw error("expected a path");
                }
                into.add(path);
                n++;
                skipSpaces();
            }
            return n;
        }

        /** A path (ends at a blank, ':', '|' or the line's end) or a value (ends at the line's end). */
        private EvalString evalString(boolean path) {
            List<EvalString.Part> parts = new ArrayList<>();
            var literal = new StringBuilder();
            while (pos < text.length()) {
                char c = peek();
                if (c == '\n' || c == '\r' && peekAt(1) == '\n' || path && (c == ' ' || c == ':' || c == '|')) {
                    break;
                }
                if (c != '$') {
                    literal.append(c);
                    pos++;
                    continue;
                }
                char next = peekAt(1);
                if (next == '$' || next == ' ' || next == ':') {
                    literal.append(next);
                    pos += 2;
                } else if (next == '\n' || next == '\r' && peekAt(2) == '\n') {
                    pos += next == '\n' ? 2 : 3;
                    while (pos < text.length() && peek() == ' ') {
                        pos++;
                    }
                } else if (next == '{') {
                    int end = text.indexOf('}', pos + 2);
                    if (end < 0) {
                        throw error("unterminated ${");
                    }
                    flush(literal, parts);
                    parts.add(new EvalString.Part(text.substring(pos + 2, end), true));
                    pos = end + 1;
                } else if (isVariableChar(next, false)) {
                    int start = pos + 1;
                    pos = start;
                    while (pos < text.length() && isVariableChar(peek(), false)) {
                        pos++;
                    }
                    flush(literal, parts);
                    parts.add(new EvalString.Part(text.substring(start, pos), true));
                } else {
                    throw error("bad $-escape (literal $ must be written as $$)");
                }
            }
            flush(literal, parts);
            return new EvalString(List.copyOf(parts));
        }

        private static void flush(StringBuilder literal, List<EvalString.Part> parts) {
            if (!literal.isEmpty()) {
                parts.add(new EvalString.Part(literal.toString(), false));
                literal.setLength(0);
            }
        }

        private String identifier() {
            int start = pos;
            while (pos < text.length() && isVariableChar(peek(), true)) {
                pos++;
            }
            if (pos == start) {
                throw error("expected a name, found '" + (pos < text.length() ? String.valueOf(peek()) : "end of file") + "'");
            }
            return text.substring(start, pos);
        }

        private static boolean isVariableChar(char c, boolean dotAllowed) {
            return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
                    || dotAllowed && c == '.';
        }

        /** True, past the indentation, when the next line binds a variable of the declaration above. */
        private boolean indented() {
            skipBlankLines();
            if (pos < text.length() && (peek() == ' ' || peek() == '\t')) {
                skipSpaces();
                return true;
            }
            return false;
        }

        private void skipBlankLines() {
            while (pos < text.length()) {
                int p = pos;
                while (p < text.length() && (text.charAt(p) == ' ' || text.charAt(p) == '\t')) {
                    p++;
                }
                if (p < text.length() && text.charAt(p) == '#') {
                    while (p < text.length() && text.charAt(p) != '\n') {
                        p++;
                    }
                }
                if (p < text.length() && text.charAt(p) == '\r') {
                    p++;
                }
                if (p >= text.length()) {
                    pos = p;
                    return;
                }
                if (text.charAt(p) != '\n') {
                    return;
                }
                pos = p + 1;
            }
        }

        private void skipSpaces() {
            while (pos < text.length()) {
                if (peek() == ' ' || peek() == '\t') {
                    pos++;
                } else if (peek() == '$' && peekAt(1) == '\n') {
                    pos += 2;
                } else if (peek() == '$' && peekAt(1) == '\r' && peekAt(2) == '\n') {
                    pos += 3;
                } else {
                    return;
                }
            }
        }

        private void endOfLine() {
            skipSpaces();
            if (pos < text.length() && peek() == '\r') {
                pos++;
            }
            if (pos < text.length() && peek() != '\n') {
                throw error("unexpected '" + peek() + "'");
            }
            pos++;
        }

        private void expect(char c) {
            if (pos >= text.length() || peek() != c) {
                throw error("expected '" + c + "'");
            }
            pos++;
        }

        private char peek() {
            return text.charAt(pos);
        }

        private char peekAt(int offset) {
            return pos + offset < text.length() ? text.charAt(pos + offset) : '\0';
        }

        private ManifestException error(String message) {
            return errorAt(pos, message);
        }

        private ManifestException errorAt(int position, String message) {
            int line = 1;
            for (int i = 0; i < Math.min(position, text.length()); i++) {
                if (text.charAt(i) == '\n') {
                    line++;
                }
            }
            return new ManifestException(file + ":" + line + ": " + message);
        }
    }
}

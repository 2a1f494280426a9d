package dev.jemception.ninja.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** What a manifest declares: files (nodes), the edges that make them, pools and default targets. */
final class Graph {
    final Map<String, Node> nodes = new LinkedHashMap<>();
    final List<Edge> edges = new ArrayList<>();
    final Map<String, Integer> pools = new HashMap<>(Map.of("console", 1));
    final List<Node> defaults = new ArrayList<>();

    /** A file, by its canonical path (as written, relative to the build directory, or absolute). */
    static final class Node {
        final String path;
        Edge inEdge;
        final List<Edge> outEdges = new ArrayList<>();

        Node(String path) {
            this.path = path;
        }

        @Override
        public String toString() {
            return path;
        }
    }

    /** A build statement: a rule applied to inputs to make outputs. */
    static final class Edge {
        final Scope.Rule rule;
        final Scope scope; // the build's own bindings, parent the file's scope
        final List<Node> outputs = new ArrayList<>();
        int explicitOutputs;
        final List<Node> inputs = new ArrayList<>();
        int explicitInputs;
        int implicitInputs; // after the explicit ones; the rest are order-only

        Edge(Scope.Rule rule, Scope scope) {
            this.rule = rule;
            this.scope = scope;
        }

        boolean isPhony() {
            return rule == Scope.PHONY;
        }

        /** Inputs whose change makes the outputs stale (explicit and implicit, not order-only). */
        List<Node> dependencies() {
            return inputs.subList(0, explicitInputs + implicitInputs);
        }

        /** A variable as the edge sees it: $in, $out ..., then the build's, the rule's, the file's. */
        String binding(String name) {
            return binding(name, new java.util.HashSet<>());
        }

        private String binding(String name, Set<String> evaluating) {
            switch (name) {
                case "in": return join(inputs.subList(0, explicitInputs), " ");
                case "in_newline": return join(inputs.subList(0, explicitInputs), "\n");
                case "out": return join(outputs.subList(0, explicitOutputs), " ");
                default: break;
            }
            String own = scope.ownValue(name);
            if (own != null) {
                return own;
            }
            EvalString ruleValue = rule.bindings().get(name);
            if (ruleValue == null) {
                return scope.lookup(name);
            }
            if (!evaluating.add(name)) {
                throw new ManifestException("cycle in rule variables: " + String.join(" -> ", evaluating) + " -> " + name);
            }
            String value = ruleValue.evaluate(n -> binding(n, evaluating));
            evaluating.remove(name);
            return value;
        }

        boolean flag(String name) {
            return !binding(name).isEmpty();
        }

        private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9+_\\-./:@%=,]*");

        /** Paths as a shell word list: quoted where they need it. */
        private static String join(List<Node> nodes, String separator) {
            var out = new StringBuilder();
            for (Node n : nodes) {
                if (!out.isEmpty()) {
                    out.append(separator);
                }
                out.append(PLAIN.matcher(n.path).matches() ? n.path : "'" + n.path.replace("'", "'\\''") + "'");
            }
            return out.toString();
        }

        @Override
        public String toString() {
            return outputs.toString();
        }
    }

    Node node(String path) {
        return nodes.computeIfAbsent(canonical(path), Node::new);
    }

    Node existingNode(String path) {
        return nodes.get(canonical(path));
    }

    /** The nodes no edge uses as input: what a build with no target and no default makes. */
    List<Node> roots() {
        List<Node> roots = new ArrayList<>();
        for (Edge e : edges) {
            for (Node out : e.outputs) {
                if (out.outEdges.isEmpty()) {
                    roots.add(out);
                }
            }
        }
        return roots;
    }

    /** {@code a/./b/../c} as {@code a/c}, as ninja canonicalizes every path it reads. */
    static String canonical(String path) {
        boolean absolute = path.startsWith("/");
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..") && !parts.isEmpty() && !parts.get(parts.size() - 1).equals("..")) {
                parts.remove(parts.size() - 1);
            } else {
                parts.add(part);
            }
        }
        String joined = String.join("/", parts);
        return absolute ? "/" + joined : joined.isEmpty() ? "." : joined;
    }
}

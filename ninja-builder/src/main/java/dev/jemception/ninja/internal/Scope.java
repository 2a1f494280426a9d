package dev.jemception.ninja.internal;

import java.util.HashMap;
import java.util.Map;

/** Variables and rules of a file (a {@code subninja} gets a child scope; {@code include} shares it). */
final class Scope {
    private final Scope parent;
    private final Map<String, String> variables = new HashMap<>();
    private final Map<String, Rule> rules = new HashMap<>();

    Scope(Scope parent) {
        this.parent = parent;
    }

    /** A variable's value, "" when unset anywhere up the chain (as ninja does). */
    String lookup(String name) {
        for (Scope s = this; s != null; s = s.parent) {
            String value = s.variables.get(name);
            if (value != null) {
                return value;
            }
        }
        return "";
    }

    /** The value set in this scope itself, or null. */
    String ownValue(String name) {
        return variables.get(name);
    }

    void set(String name, String value) {
        variables.put(name, value);
    }

    Rule rule(String name) {
        for (Scope s = this; s != null; s = s.parent) {
            Rule rule = s.rules.get(name);
            if (rule != null) {
                return rule;
            }
        }
        return null;
    }

    /** False when this scope already has a rule of that name. */
    boolean addRule(Rule rule) {
        return rules.putIfAbsent(rule.name(), rule) == null;
    }

    /** A rule's bindings, unevaluated: they are evaluated per edge. */
    record Rule(String name, Map<String, EvalString> bindings) {}

    /** The one rule every scope has: outputs that name their inputs, nothing runs. */
    static final Rule PHONY = new Rule("phony", Map.of());
}

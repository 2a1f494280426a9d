package dev.jemception.ninja.internal;

import java.util.List;
import java.util.function.Function;

/**
 * A ninja value as written: literal text and {@code $name} / {@code ${name}} references, kept
 * unevaluated where ninja evaluates late (rule bindings) and evaluated against a scope otherwise.
 */
record EvalString(List<Part> parts) {
    record Part(String text, boolean variable) {}

    String evaluate(Function<String, String> lookup) {
        var out = new StringBuilder();
        for (Part part : parts) {
            out.append(part.variable() ? lookup.apply(part.text()) : part.text());
        }
        return out.toString();
    }

    boolean isEmpty() {
        return parts.isEmpty();
    }
}

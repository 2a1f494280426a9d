package dev.jemception.ninja.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The prerequisites of a depfile (make rules as compilers write them with -MD), escapes undone. */
final class Depfile {
    private Depfile() {}

    /** Every prerequisite of every rule, once, in order; the targets are the edge's outputs. */
    static List<String> prerequisites(String text) {
        Set<String> deps = new LinkedHashSet<>();
        for (String rule : text.replace("\\\r\n", " ").replace("\\\n", " ").split("\n")) {
            List<String> words = words(rule);
            int colon = words.indexOf(":");
            if (colon >= 0) {
                deps.addAll(words.subList(colon + 1, words.size()));
            }
        }
        return new ArrayList<>(deps);
    }

    /** Names split at unescaped blanks, with the rule's colon as a word of its own. */
    private static List<String> words(String rule) {
        List<String> words = new ArrayList<>();
        var word = new StringBuilder();
        boolean colonSeen = false;
        for (int i = 0; i < rule.length(); i++) {
            char c = rule.charAt(i);
            if (c == '\\' && i + 1 < rule.length() && " #\\:".indexOf(rule.charAt(i + 1)) >= 0) {
                word.append(rule.charAt(++i));
            } else if (c == '$' && i + 1 < rule.length() && rule.charAt(i + 1) == '$') {
                word.append('$');
                i++;
            } else if (c == ':' && !colonSeen && (i + 1 >= rule.length() || rule.charAt(i + 1) == ' ' || rule.charAt(i + 1) == '\t')) {
                colonSeen = true;
                if (!word.isEmpty()) {
                    words.add(word.toString());
                    word.setLength(0);
                }
                words.add(":");
            } else if (c == ' ' || c == '\t' || c == '\r') {
                if (!word.isEmpty()) {
                    words.add(word.toString());
                    word.setLength(0);
                }
            } else {
                word.append(c);
            }
        }
        if (!word.isEmpty()) {
            words.add(word.toString());
        }
        return words;
    }
}

package dev.jemception.ninja.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A build command without a shell: the subset CMake's generators write. Simple commands joined by
 * {@code &&} (each runs only if the one before succeeded), words split at blanks, single and
 * double quotes and backslash escapes; {@code cd DIR}, {@code :} and {@code true} are done here.
 * Anything else a shell would interpret (pipes, redirections, {@code ;}, {@code ||}, variables,
 * substitutions, globs) is refused by name rather than run wrongly.
 */
final class ShellCommand {
    private ShellCommand() {}

    /** The simple commands of {@code command}, in order. */
    static List<List<String>> parse(String command) {
        List<List<String>> commands = new ArrayList<>();
        List<String> words = new ArrayList<>();
        var word = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            switch (c) {
                case ' ', '\t', '\n' -> {
                    if (inWord) {
                        words.add(word.toString());
                        word.setLength(0);
                        inWord = false;
                    }
                }
                case '\'' -> {
                    int end = command.indexOf('\'', i + 1);
                    if (end < 0) {
                        throw unsupported("an unterminated quote", command);
                    }
                    word.append(command, i + 1, end);
                    i = end;
                    inWord = true;
                }
                case '"' -> {
                    int j = i + 1;
                    for (; j < command.length() && command.charAt(j) != '"'; j++) {
                        char d = command.charAt(j);
                        if (d == '\\' && j + 1 < command.length() && "\"\\$`".indexOf(command.charAt(j + 1)) >= 0) {
                            word.append(command.charAt(++j));
                        } else if (d == '$' || d == '`') {
                            throw unsupported("'" + d + "' (shell expansion)", command);
                        } else {
                            word.append(d);
                        }
                    }
                    if (j >= command.length()) {
                        throw unsupported("an unterminated quote", command);
                    }
                    i = j;
                    inWord = true;
                }
                case '\\' -> {
                    if (i + 1 < command.length()) {
                        word.append(command.charAt(++i));
                        inWord = true;
                    }
                }
                case '&' -> {
                    if (i + 1 < command.length() && command.charAt(i + 1) == '&') {
                        if (inWord) {
                            words.add(word.toString());
                            word.setLength(0);
                            inWord = false;
                        }
                        if (words.isEmpty()) {
                            throw unsupported("'&&' without a command before it", command);
                        }
                        commands.add(List.copyOf(words));
                        words.clear();
                        i++;
                    } else {
                        throw unsupported("'&' (a background job)", command);
                    }
                }
                case '|', ';', '<', '>', '$', '`', '*', '?', '(', ')' ->
                        throw unsupported("'" + c + "'", command);
                default -> {
                    word.append(c);
                    inWord = true;
                }
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        if (!words.isEmpty()) {
            commands.add(List.copyOf(words));
        } else if (!commands.isEmpty()) {
            throw unsupported("'&&' without a command after it", command);
        }
        return commands;
    }

    private static ManifestException unsupported(String what, String command) {
        return new ManifestException("jemception's ninja runs commands without a shell and does not support "
                + what + " in: " + command);
    }
}

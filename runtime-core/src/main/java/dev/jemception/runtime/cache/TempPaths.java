package dev.jemception.runtime.cache;

import dev.jemception.vfs.FileAccessListener.Origin;
import dev.jemception.vfs.Vfs;
import java.nio.file.FileSystem;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The session-private temporary names in a command line ({@code /tmp/emscripten_temp_k2x9/...},
 * {@code /tmp/tmpa81c.json}): emcc makes them up anew each run, so the cache key names them by
 * their order of appearance instead ({@code \0T0\0}). Only names in the session's own memory
 * layer count: a host directory under /tmp is the user's and keeps its name.
 */
final class TempPaths {
    private static final Pattern TEMP = Pattern.compile("/tmp/[^/\\s:=,;\"'@]+");
    private static final char MARK = '\0';

    private final List<String> names = new ArrayList<>();

    TempPaths(FileSystem fs, List<String> args) {
        for (String arg : args) {
            Matcher m = TEMP.matcher(arg);
            while (m.find()) {
                String name = m.group();
                if (!names.contains(name) && Vfs.origin(fs, name) == Origin.MEMORY) {
                    names.add(name);
                }
            }
        }
    }

    /** {@code text} with each temporary name replaced by its placeholder. */
    String normalize(String text) {
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            String placeholder = MARK + "T" + i + MARK;
            // whole path components only: /tmp/tmpa must not match inside /tmp/tmpab
            text = text.replaceAll(Pattern.quote(name) + "(?=$|[/\\s:=,;\"'@])", Matcher.quoteReplacement(placeholder));
        }
        return text;
    }

    /** A normalized text with this run's temporary names put back. */
    String denormalize(String text) {
        for (int i = 0; i < names.size(); i++) {
            text = text.replace(MARK + "T" + i + MARK, names.get(i));
        }
        return text;
    }

    /** Whether {@code path} is one of the names or below one. */
    boolean covers(String path) {
        for (String name : names) {
            if (path.equals(name) || path.startsWith(name + "/")) {
                return true;
            }
        }
        return false;
    }
}

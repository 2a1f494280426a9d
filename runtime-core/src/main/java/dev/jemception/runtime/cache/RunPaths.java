package dev.jemception.runtime.cache;

import dev.jemception.runtime.Replay;
import dev.jemception.vfs.FileAccessListener.Origin;
import dev.jemception.vfs.Vfs;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names in a run that differ between runs of the same command, replaced by placeholders in
 * keys and records so that the runs share entries:
 * <ul>
 * <li>session-private temporary names ({@code /tmp/emscripten_temp_k2x9/...}, {@code /tmp/tmpa81c.json}):
 *     emcc makes them up anew each run, so they are named by their order of appearance ({@code \0T0\0}).
 *     Only names in the session's own memory layer count: a host directory under /tmp is the user's.</li>
 * <li>the working directory, when it is a host directory ({@code \0W\0}): two checkouts of a project
 *     at different paths, on one machine or two, run the same commands relative to it.</li>
 * </ul>
 * It also tells which paths a run uses as scratch, named by none of its arguments: the names the
 * program says it makes up in its scratch directory ({@link Replay#scratchNames}, e.g. Python's
 * {@code tempfile} names for emcc; {@link #scratch}). Those alone are left out of a record; every
 * other path of the session's memory is an input or output like a host file.
 */
final class RunPaths {
    private static final Pattern TEMP = Pattern.compile("/tmp/[^/\\s:=,;\"'@]+");
    private static final Pattern PATH = Pattern.compile("/[^\\s:=,;\"'@]*");
    private static final char MARK = '\0';
    /** What may follow a name that is a whole path component: /tmp/tmpa must not match inside /tmp/tmpab. */
    private static final String END = "(?=$|[/\\s:=,;\"'@])";
    static final String WORKDIR = MARK + "W" + MARK;
    private final List<String> names = new ArrayList<>();
    private final String workdir;
    /** Where the program makes its scratch files, without a trailing slash; null: nowhere. */
    private final String scratchDir;
    /** The names it makes there. */
    private final Pattern scratchNames;
    /** Where it keeps what it derives from the toolchain, without a trailing slash; null: nowhere. */
    private final String toolchainCache;
    /** Each name with its placeholder, the pattern compiled once: a run normalizes every path it touches. */
    private final List<Replacement> replacements = new ArrayList<>();

    private record Replacement(String name, Pattern pattern, String placeholder) {
        Replacement(String name, String placeholder) {
            this(name, Pattern.compile(Pattern.quote(name) + END), placeholder);
        }
    }

    RunPaths(FileSystem fs, List<String> args, String cwd, Map<String, String> env, Replay policy) {
        scratchDir = withoutTrailingSlash(policy.scratchDir().apply(env));
        scratchNames = policy.scratchNames();
        toolchainCache = withoutTrailingSlash(policy.toolchainCache());
        for (String arg : args) {
            Matcher m = TEMP.matcher(arg);
            while (m.find()) {
                String name = m.group();
                // the whole path decides: /tmp/junit1/project/a.c is the user's when that project is mounted
                Matcher whole = PATH.matcher(arg).region(m.start(), arg.length());
                String path = whole.lookingAt() ? whole.group() : name;
                if (!names.contains(name) && Vfs.origin(fs, name) == Origin.MEMORY && Vfs.origin(fs, path) == Origin.MEMORY) {
                    names.add(name);
                }
            }
        }
        boolean host = cwd.length() > 1 && Vfs.origin(fs, cwd) == Origin.HOST;
        workdir = host ? (cwd.endsWith("/") ? cwd.substring(0, cwd.length() - 1) : cwd) : null;
        for (int i = 0; i < names.size(); i++) {
            replacements.add(new Replacement(names.get(i), MARK + "T" + i + MARK));
        }
        if (workdir != null) {
            replacements.add(new Replacement(workdir, WORKDIR));
        }
    }

    /** {@code text} with each temporary name and the working directory replaced by their placeholders. */
    String normalize(String text) {
        for (Replacement r : replacements) {
            text = r.pattern().matcher(text).replaceAll(Matcher.quoteReplacement(r.placeholder()));
        }
        return text;
    }

    /** A normalized text with this run's temporary names and working directory put back. */
    String denormalize(String text) {
        for (Replacement r : replacements) {
            text = text.replace(r.placeholder(), r.name());
        }
        return text;
    }

    /** Whether {@code path} is one of the temporary names or below one. */
    boolean covers(String path) {
        for (String name : names) {
            if (within(path, name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code path} is scratch of the run: in the session's memory, named by none of the
     * arguments, and one of the names the program makes up in its scratch directory, or below one.
     * A later run makes such names anew, so they say nothing it could check, and replaying them
     * would only leave litter.
     */
    boolean scratch(String path, Origin origin) {
        if (scratchDir == null || origin != Origin.MEMORY || covers(path) || path.length() == scratchDir.length()
                || !within(path, scratchDir)) {
            return false;
        }
        String rest = path.substring(scratchDir.length() + 1);
        int slash = rest.indexOf('/');
        return scratchNames.matcher(slash < 0 ? rest : rest.substring(0, slash)).matches();
    }

    /**
     * Whether {@code path} is in the directory where the run keeps what it derives from the
     * toolchain ({@link Replay#toolchainCache}): like a pack's, its files say nothing the
     * toolchain's identity in the key does not.
     */
    boolean toolchainCache(String path) {
        return toolchainCache != null && within(path, toolchainCache);
    }

    private static String withoutTrailingSlash(String dir) {
        return dir != null && dir.length() > 1 && dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
    }

    /** Whether {@code path} is {@code dir} or below it. */
    private static boolean within(String path, String dir) {
        return path.startsWith(dir) && (path.length() == dir.length() || path.charAt(dir.length()) == '/');
    }

    /** The working directory when it is normalized (a host directory), else null. */
    String workdir() {
        return workdir;
    }

    /**
     * How a file or output a run left can travel to another working directory: as it is (it does
     * not name the directory), as text with the directory as a placeholder (dependency files,
     * diagnostics), or not at all (binary content naming it, such as debug information).
     */
    enum Content { PLAIN, TEXT_WITH_WORKDIR, BINARY_WITH_WORKDIR }

    Content classify(byte[] content) {
        if (workdir == null || indexOf(content, workdir.getBytes(StandardCharsets.UTF_8)) < 0) {
            return Content.PLAIN;
        }
        for (byte b : content) {
            if (b == 0) {
                return Content.BINARY_WITH_WORKDIR;
            }
        }
        var decoder = StandardCharsets.UTF_8.newDecoder();
        try {
            decoder.decode(java.nio.ByteBuffer.wrap(content));
            return Content.TEXT_WITH_WORKDIR;
        } catch (java.nio.charset.CharacterCodingException e) {
            return Content.BINARY_WITH_WORKDIR;
        }
    }

    /** Text content with the working directory as its placeholder (see {@link #classify}). */
    byte[] normalizeText(byte[] content) {
        return normalize(new String(content, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
    }

    /** Text content stored by {@link #normalizeText}, for this run. */
    byte[] denormalizeText(byte[] content) {
        return denormalize(new String(content, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
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

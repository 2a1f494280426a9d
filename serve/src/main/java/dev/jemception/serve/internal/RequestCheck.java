package dev.jemception.serve.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a request may name. Its files live in a directory of its own, so their names are relative
 * and stay inside it; its command line may name only those files and the payload's own (a session
 * of the service mounts no host directory, and an argument naming an absolute path or leaving the
 * directory is refused before anything runs, so that a refusal is clear rather than a "file not
 * found" from deep inside emcc).
 */
final class RequestCheck {
    static final Set<String> COMPILERS = Set.of("emcc", "em++");
    static final int MAX_NAME = 255;
    static final int MAX_ARGS = 256;
    static final int MAX_ARG = 4096;

    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_+.-]+(/[A-Za-z0-9_+.-]+)*");
    /** An absolute path: the argument itself, or after {@code -I}-like prefixes, {@code =} or {@code ,}. */
    private static final Pattern ABSOLUTE = Pattern.compile("(^|[=,]|^-{1,2}[A-Za-z][A-Za-z0-9_-]*)[/\\\\~]");
    private static final Pattern PARENT = Pattern.compile("(^|[/\\\\=,@]|^-{1,2}[A-Za-z][A-Za-z0-9_-]*)\\.\\.([/\\\\@,]|$)");
    /** Emscripten ports are fetched from the network when first used: not from a service. */
    private static final Pattern PORT = Pattern.compile("--use-port(=.*)?|(-s ?)?USE_(SDL\\w*|ZLIB|BZIP2|LIBPNG|LIBJPEG"
            + "|BULLET|VORBIS|OGG|REGAL|BOOST_HEADERS|FREETYPE|HARFBUZZ|COCOS2D|MODPLUG|MPG123|GIFLIB|ICU|SQLITE3)(=(?!0$).*)?");

    private RequestCheck() {}

    /** The request's files by checked relative name, their contents as UTF-8 text. */
    static Map<String, String> files(Object value, int maxFiles) throws BadRequest {
        if (!(value instanceof Map<?, ?> map) || map.isEmpty()) {
            throw new BadRequest("\"files\" must be an object of file names to their text, with at least one file");
        }
        if (map.size() > maxFiles) {
            throw new BadRequest("too many files: " + map.size() + " (this server takes at most " + maxFiles + ")");
        }
        var files = new LinkedHashMap<String, String>();
        for (var e : map.entrySet()) {
            String name = (String) e.getKey();
            fileName(name);
            if (!(e.getValue() instanceof String text)) {
                throw new BadRequest("file " + quote(name) + ": its content must be a string");
            }
            files.put(name, text);
        }
        return files;
    }

    /** A relative name inside the request's directory: letters, digits, {@code _+.-} and {@code /}. */
    static void fileName(String name) throws BadRequest {
        if (name.length() > MAX_NAME) {
            throw new BadRequest("file name too long: " + name.length() + " characters (at most " + MAX_NAME + ")");
        }
        if (name.startsWith("/") || name.startsWith("\\")) {
            throw new BadRequest("file " + quote(name) + ": absolute paths are not allowed: names are relative to the request's directory");
        }
        if (name.indexOf('\0') >= 0) {
            throw new BadRequest("file " + quote(name) + ": a NUL character is not allowed in a name");
        }
        if (!SAFE_NAME.matcher(name).matches() || List.of(name.split("/")).stream().anyMatch(s -> s.equals(".") || s.equals(".."))) {
            throw new BadRequest("file " + quote(name) + ": a name may hold letters, digits, _ + . - and / between"
                    + " parts, and no . or .. part");
        }
    }

    /** The command line: {@code emcc} or {@code em++} and arguments naming nothing outside the request. */
    static List<String> compileArgs(Object value) throws BadRequest {
        List<String> args = strings(value, "args");
        if (args.isEmpty() || !COMPILERS.contains(args.get(0))) {
            throw new BadRequest("\"args\" must start with one of " + COMPILERS + ", e.g. [\"em++\", \"main.cpp\", \"-o\", \"main.js\"]");
        }
        for (String arg : args.subList(1, args.size())) {
            if (ABSOLUTE.matcher(arg).find() || PARENT.matcher(arg).find()) {
                throw new BadRequest("argument " + quote(arg) + " names a path outside the request's directory: only the"
                        + " request's files (relative names) can be read or written");
            }
            if (PORT.matcher(arg).matches()) {
                throw new BadRequest("argument " + quote(arg) + " is not supported here: Emscripten ports are downloaded"
                        + " when first used, and this server does not download");
            }
        }
        return args;
    }

    /** A JSON array of strings (null: empty), each without NUL and of bounded length. */
    static List<String> strings(Object value, String field) throws BadRequest {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list) || list.size() > MAX_ARGS) {
            throw new BadRequest("\"" + field + "\" must be an array of at most " + MAX_ARGS + " strings");
        }
        var out = new ArrayList<String>();
        for (Object o : list) {
            if (!(o instanceof String s) || s.length() > MAX_ARG || s.indexOf('\0') >= 0) {
                throw new BadRequest("\"" + field + "\" must hold strings of at most " + MAX_ARG + " characters, without NUL");
            }
            out.add(s);
        }
        return out;
    }

    static String quote(String s) {
        String shown = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return "\"" + shown.replace("\0", "\\0") + "\"";
    }
}

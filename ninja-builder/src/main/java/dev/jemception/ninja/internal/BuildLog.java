package dev.jemception.ninja.internal;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What ninja keeps in {@code .ninja_log} and {@code .ninja_deps}, in one file of jemception's own
 * ({@value #NAME}, in the build directory): per output, a hash of the command that made it and the
 * headers its depfile listed. A command that changed reruns; a header listed last time that changed
 * reruns its compile. Entries are appended as edges finish (a build stopped halfway keeps what it
 * did); the last entry of an output wins, and {@link #recompact} drops the others.
 */
final class BuildLog {
    static final String NAME = ".ninja_jemception";
    private static final String HEADER = "# jemception ninja log v1";

    record Entry(String commandHash, List<String> deps) {}

    private final Path file;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private Writer appender;

    BuildLog(Path file) throws IOException {
        this.file = file;
        if (Files.isRegularFile(file)) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
                return; // not ours, or an older format: everything runs once
            }
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.split("\t", -1);
                if (fields.length >= 2) {
                    entries.put(fields[1], new Entry(fields[0], List.copyOf(Arrays.asList(fields).subList(2, fields.length))));
                }
            }
        }
    }

    Entry get(String output) {
        return entries.get(output);
    }

    synchronized void record(String output, String commandHash, List<String> deps) throws IOException {
        Entry entry = new Entry(commandHash, List.copyOf(deps));
        entries.put(output, entry);
        if (appender == null) {
            boolean fresh = !Files.isRegularFile(file) || !Files.readAllLines(file).stream().findFirst().orElse("").equals(HEADER);
            Files.createDirectories(file.toAbsolutePath().getParent());
            appender = Files.newBufferedWriter(file, StandardCharsets.UTF_8, fresh
                    ? new StandardOpenOption[] {StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE}
                    : new StandardOpenOption[] {StandardOpenOption.CREATE, StandardOpenOption.APPEND});
            if (fresh) {
                appender.write(HEADER + "\n");
            }
        }
        appender.write(line(output, entry));
        appender.flush();
    }

    /** Rewrites the file with one entry per output. */
    synchronized void recompact() throws IOException {
        close();
        var text = new StringBuilder(HEADER).append('\n');
        entries.forEach((output, entry) -> text.append(line(output, entry)));
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    synchronized void close() throws IOException {
        if (appender != null) {
            appender.close();
            appender = null;
        }
    }

    private static String line(String output, Entry entry) {
        var line = new StringBuilder(entry.commandHash()).append('\t').append(output);
        for (String dep : entry.deps()) {
            line.append('\t').append(dep);
        }
        return line.append('\n').toString();
    }
}

package dev.jemception.maven;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The digest file under {@code target/jemception/<execution>/}: for each object, the digest of what
 * made it (command line, toolchain, the content of every file its dependency file lists); for the
 * module, the digest of its link and the files it put into the output directory. {@code mvn clean}
 * removes it, and everything is built again.
 */
final class BuildState {
    private static final String UNIT = "unit.";
    private static final String LINK = "link";
    private static final String OUTPUTS = "outputs";

    private final Path file;
    private final Map<String, String> units = new TreeMap<>();
    private String link = "";
    private List<String> outputs = List.of();

    private BuildState(Path file) {
        this.file = file;
    }

    static BuildState load(Path file) throws IOException {
        var state = new BuildState(file);
        if (Files.isRegularFile(file)) {
            var p = new Properties();
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            }
            for (String key : p.stringPropertyNames()) {
                if (key.startsWith(UNIT)) {
                    state.units.put(key.substring(UNIT.length()), p.getProperty(key));
                }
            }
            state.link = p.getProperty(LINK, "");
            String out = p.getProperty(OUTPUTS, "");
            state.outputs = out.isEmpty() ? List.of() : List.of(out.split(","));
        }
        return state;
    }

    /** The digest an object was built from, keyed by its path relative to the work directory; null if unknown. */
    String unit(String object) {
        return units.get(object);
    }

    void unit(String object, String digest) {
        if (digest == null) {
            units.remove(object);
        } else {
            units.put(object, digest);
        }
    }

    /** The objects the last build knew of (to remove those whose source is gone). */
    List<String> objects() {
        return new ArrayList<>(units.keySet());
    }

    String link() {
        return link;
    }

    /** The module's files, relative to the output directory (e.g. {@code wasm/calc.wasm}). */
    List<String> outputs() {
        return outputs;
    }

    void linked(String digest, List<String> files) {
        link = digest;
        outputs = List.copyOf(files);
    }

    void unlinked() {
        link = "";
        outputs = List.of();
    }

    /** Writes the file (whole or not at all: a build stopped midway must not look up to date). */
    void save() throws IOException {
        var p = new Properties();
        units.forEach((object, digest) -> p.setProperty(UNIT + object, digest));
        p.setProperty(LINK, link);
        p.setProperty(OUTPUTS, String.join(",", outputs));
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            p.store(out, "jemception-maven-plugin: what the objects and the module were built from");
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}

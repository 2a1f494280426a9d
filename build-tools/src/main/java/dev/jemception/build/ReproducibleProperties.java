package dev.jemception.build;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Writes a properties file as {@link Properties#store} does but without the date line, so that a
 * rebuild from the same inputs gives a byte-identical jar: the daemon's key and the result cache's
 * toolchain identity hash the jars.
 */
public final class ReproducibleProperties {
    private ReproducibleProperties() {}

    /** {@code props} (sorted by key, as {@code store} writes them) under a one-line {@code comment}. */
    public static void write(Path file, Properties props, String comment) throws IOException {
        var text = new StringWriter();
        props.store(text, comment);
        String stored = text.toString();
        int commentEnd = stored.indexOf('\n') + 1;
        int dateEnd = stored.indexOf('\n', commentEnd) + 1; // store's second line: "#<current date>"
        Files.writeString(file, stored.substring(0, commentEnd) + stored.substring(dateEnd), StandardCharsets.ISO_8859_1);
    }
}

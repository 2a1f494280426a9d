package dev.jemception.maven;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;

/** Runs one jemception command line ({@code emcc -c ...}) and returns its exit code. Thread-safe. */
interface CommandRunner {
    int run(List<String> argv, Path cwd, OutputStream out, OutputStream err) throws IOException, InterruptedException;
}

package dev.jemception.runtime;

import java.nio.charset.StandardCharsets;

/** The exit code and captured output of a finished command. */
public record RunResult(int exitCode, byte[] stdoutBytes, byte[] stderrBytes) {

    public String stdout() {
        return new String(stdoutBytes, StandardCharsets.UTF_8);
    }

    public String stderr() {
        return new String(stderrBytes, StandardCharsets.UTF_8);
    }

    public boolean succeeded() {
        return exitCode == 0;
    }
}

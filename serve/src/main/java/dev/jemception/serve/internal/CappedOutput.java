package dev.jemception.serve.internal;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A program's stdout or stderr kept up to a limit: what is beyond is dropped, the output is
 * flagged as cut, and {@code onOverflow} runs once (a run is stopped: a program printing forever
 * must not run until its time limit for nothing).
 */
final class CappedOutput extends OutputStream {
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final int limit;
    private final Runnable onOverflow;
    private boolean truncated;

    CappedOutput(int limit, Runnable onOverflow) {
        this.limit = limit;
        this.onOverflow = onOverflow;
    }

    @Override
    public synchronized void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        int room = limit - kept.size();
        kept.write(b, off, Math.min(room, len));
        if (len > room && !truncated) {
            truncated = true;
            onOverflow.run();
        }
    }

    synchronized boolean truncated() {
        return truncated;
    }

    synchronized String text() {
        return kept.toString(StandardCharsets.UTF_8);
    }
}

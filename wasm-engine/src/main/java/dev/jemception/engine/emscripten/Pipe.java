package dev.jemception.engine.emscripten;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A pipe within one run (a program's own, such as libuv's wake-up pipe): one thread writes and
 * reads it, so it never blocks; reading it empty while its write end is open is EAGAIN, after the
 * write end is closed end of file.
 */
final class Pipe {
    /** Reading an empty pipe whose write end is open: it would wait forever. */
    static final class WouldBlock extends IOException {
        WouldBlock() {
            super(null, null);
        }
    }

    private byte[] data = new byte[256];
    private int start;
    private int end;
    private boolean closed;

    final Input in = new Input();
    final Output out = new Output();

    final class Input extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (start == end) {
                if (closed) {
                    return -1;
                }
                throw new WouldBlock();
            }
            int n = Math.min(length, end - start);
            System.arraycopy(data, start, buffer, offset, n);
            start += n;
            return n;
        }

        @Override
        public int available() {
            return end - start;
        }
    }

    final class Output extends OutputStream {
        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] buffer, int offset, int length) {
            if (end + length > data.length) {
                byte[] grown = new byte[Math.max(2 * data.length, end - start + length)];
                System.arraycopy(data, start, grown, 0, end - start);
                end -= start;
                start = 0;
                data = grown;
            }
            System.arraycopy(buffer, offset, data, end, length);
            end += length;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}

package dev.jemception.daemon;

import dev.jemception.client.Protocol;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The client's stdin as the command sees it: asked for from the client on the first read only,
 * so a command that never reads stdin never takes the user's terminal input.
 */
final class ClientInput extends InputStream {
    private final DataOutputStream toClient;
    private final BlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
    private boolean asked;
    private byte[] current = new byte[0];
    private int pos;
    private boolean eof;

    ClientInput(DataOutputStream toClient) {
        this.toClient = toClient;
    }

    void offer(byte[] chunk) {
        chunks.add(chunk);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (pos == current.length) {
            if (eof) {
                return -1;
            }
            if (!asked) {
                asked = true;
                synchronized (toClient) {
                    toClient.writeByte(Protocol.WANT_STDIN);
                    toClient.flush();
                }
            }
            try {
                current = chunks.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("cancelled");
            }
            pos = 0;
            eof = current.length == 0;
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        return n;
    }
}

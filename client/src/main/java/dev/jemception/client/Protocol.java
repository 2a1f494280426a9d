package dev.jemception.client;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The client-daemon protocol over one Unix domain socket connection per command. The client sends
 * a request (argv, cwd, environment), then stdin chunks when asked and perhaps a cancel; the daemon
 * sends stdout and stderr chunks as they are written, then the exit code. Every frame is one type
 * byte and, for data, a length-prefixed payload.
 */
public final class Protocol {
    public static final int VERSION = 1;
    /** client → daemon: the command (once, first). */
    public static final byte REQUEST = 'R';
    /** client → daemon: stdin bytes; an empty chunk is end of input. */
    public static final byte STDIN = 'I';
    /** client → daemon: stop the command (Ctrl-C). */
    public static final byte CANCEL = 'C';
    /** daemon → client: stdout bytes. */
    public static final byte STDOUT = 'O';
    /** daemon → client: stderr bytes. */
    public static final byte STDERR = 'E';
    /** daemon → client: the command reads stdin: start sending it. */
    public static final byte WANT_STDIN = 'W';
    /** daemon → client: the exit code; the last frame. */
    public static final byte EXIT = 'X';

    private Protocol() {}

    /** A command as the client sends it. */
    public record Request(List<String> argv, String cwd, Map<String, String> env) {}

    public static void writeRequest(DataOutputStream out, Request r) throws IOException {
        out.writeByte(REQUEST);
        out.writeInt(VERSION);
        writeStrings(out, r.argv());
        writeString(out, r.cwd());
        out.writeInt(r.env().size());
        for (var e : r.env().entrySet()) {
            writeString(out, e.getKey());
            writeString(out, e.getValue());
        }
        out.flush();
    }

    public static Request readRequest(DataInputStream in) throws IOException {
        if (in.readByte() != REQUEST) {
            throw new IOException("expected a request");
        }
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException("protocol version " + version + ", expected " + VERSION);
        }
        List<String> argv = readStrings(in);
        String cwd = readString(in);
        Map<String, String> env = new LinkedHashMap<>();
        for (int n = in.readInt(); n > 0; n--) {
            env.put(readString(in), readString(in));
        }
        return new Request(argv, cwd, env);
    }

    /** A data frame; callers that share the stream from several threads synchronize on it. */
    public static void writeData(DataOutputStream out, byte type, byte[] b, int off, int len) throws IOException {
        out.writeByte(type);
        out.writeInt(len);
        out.write(b, off, len);
        out.flush();
    }

    public static byte[] readData(DataInputStream in) throws IOException {
        int len = in.readInt();
        if (len < 0 || len > 64 << 20) {
            throw new IOException("bad frame length " + len);
        }
        return in.readNBytes(len);
    }

    private static void writeStrings(DataOutputStream out, List<String> strings) throws IOException {
        out.writeInt(strings.size());
        for (String s : strings) {
            writeString(out, s);
        }
    }

    private static List<String> readStrings(DataInputStream in) throws IOException {
        List<String> strings = new ArrayList<>();
        for (int n = in.readInt(); n > 0; n--) {
            strings.add(readString(in));
        }
        return strings;
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        return new String(readData(in), StandardCharsets.UTF_8);
    }
}

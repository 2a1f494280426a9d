package dev.jemception.runtime.cache;

import dev.jemception.vfs.FileAccessListener.Origin;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One recorded run: what it read (each input with what it found: a content hash, "absent", or a
 * listing hash) and what it left (files by content hash, directories, deletions), its output and
 * its exit code. Paths are normalized ({@link RunPaths}), and so is the content of text files and
 * output that name the working directory ({@code TEXT_FILE}, the {@code *WithWorkdir} flags).
 * Several records share a key when the same command line read different files; a key's value is
 * a list of them, newest first.
 */
record RunRecord(int exitCode, String stdoutHash, boolean stdoutWithWorkdir, String stderrHash,
        boolean stderrWithWorkdir, List<Input> inputs, List<Output> outputs) {
    private static final int FORMAT = 2;
    static final int MAX_PER_KEY = 8;

    /**
     * {@code WORKDIR}: the run left binary content naming its working directory (debug
     * information), so it is only good for the same directory, whose hash the input holds.
     */
    enum InputKind { FILE, ABSENT, LISTING, WORKDIR }

    /** {@code TEXT_FILE}: a file whose stored content has the working directory as a placeholder. */
    enum OutputKind {
        FILE, DIRECTORY, DELETED, TEXT_FILE;

        boolean isFile() {
            return this == FILE || this == TEXT_FILE;
        }
    }

    record Input(InputKind kind, String path, Origin origin, String hash) {}

    record Output(OutputKind kind, String path, String hash) {}

    static byte[] encode(List<RunRecord> records) {
        var bytes = new ByteArrayOutputStream();
        try (var out = new DataOutputStream(bytes)) {
            out.writeInt(FORMAT);
            List<RunRecord> kept = records.subList(0, Math.min(records.size(), MAX_PER_KEY));
            out.writeInt(kept.size());
            for (RunRecord r : kept) {
                out.writeInt(r.exitCode());
                out.writeUTF(r.stdoutHash());
                out.writeBoolean(r.stdoutWithWorkdir());
                out.writeUTF(r.stderrHash());
                out.writeBoolean(r.stderrWithWorkdir());
                out.writeInt(r.inputs().size());
                for (Input in : r.inputs()) {
                    out.writeByte(in.kind().ordinal());
                    out.writeUTF(in.path());
                    out.writeByte(in.origin() == null ? -1 : in.origin().ordinal());
                    out.writeUTF(in.hash());
                }
                out.writeInt(r.outputs().size());
                for (Output o : r.outputs()) {
                    out.writeByte(o.kind().ordinal());
                    out.writeUTF(o.path());
                    out.writeUTF(o.hash());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The records of a key's value; an unreadable or older-format value reads as none. */
    static List<RunRecord> decode(byte[] value) {
        List<RunRecord> records = new ArrayList<>();
        try (var in = new DataInputStream(new ByteArrayInputStream(value))) {
            if (in.readInt() != FORMAT) {
                return records;
            }
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                int code = in.readInt();
                String stdout = in.readUTF();
                boolean stdoutWithWorkdir = in.readBoolean();
                String stderr = in.readUTF();
                boolean stderrWithWorkdir = in.readBoolean();
                List<Input> inputs = new ArrayList<>();
                for (int j = in.readInt(); j > 0; j--) {
                    InputKind kind = InputKind.values()[in.readByte()];
                    String path = in.readUTF();
                    byte origin = in.readByte();
                    inputs.add(new Input(kind, path, origin < 0 ? null : Origin.values()[origin], in.readUTF()));
                }
                List<Output> outputs = new ArrayList<>();
                for (int j = in.readInt(); j > 0; j--) {
                    outputs.add(new Output(OutputKind.values()[in.readByte()], in.readUTF(), in.readUTF()));
                }
                records.add(new RunRecord(code, stdout, stdoutWithWorkdir, stderr, stderrWithWorkdir, List.copyOf(inputs),
                        List.copyOf(outputs)));
            }
        } catch (IOException | RuntimeException e) {
            return new ArrayList<>(); // a damaged value is a miss, never an error
        }
        return records;
    }
}

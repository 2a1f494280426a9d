package dev.jemception.vfs.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/** A file channel over the bytes of a pack file: reads, seeks and shared locks; no writes. */
final class ReadOnlyFileChannel extends FileChannel {
    private final ByteBuffer data;
    private long position;

    ReadOnlyFileChannel(ByteBuffer data) {
        this.data = data;
    }

    @Override
    public synchronized int read(ByteBuffer dst) {
        int n = read(dst, position);
        if (n > 0) {
            position += n;
        }
        return n;
    }

    @Override
    public synchronized long read(ByteBuffer[] dsts, int offset, int length) {
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            int n = read(dsts[i]);
            if (n < 0) {
                return total == 0 ? -1 : total;
            }
            total += n;
        }
        return total;
    }

    @Override
    public int read(ByteBuffer dst, long at) {
        if (at >= data.limit()) {
            return -1;
        }
        int n = (int) Math.min(dst.remaining(), data.limit() - at);
        dst.put(dst.position(), data, (int) at, n);
        dst.position(dst.position() + n);
        return n;
    }

    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) {
        throw new NonWritableChannelException();
    }

    @Override
    public int write(ByteBuffer src, long at) {
        throw new NonWritableChannelException();
    }

    @Override
    public synchronized long position() {
        return position;
    }

    @Override
    public synchronized FileChannel position(long newPosition) {
        if (newPosition < 0) {
            throw new IllegalArgumentException("negative position");
        }
        position = newPosition;
        return this;
    }

    @Override
    public long size() {
        return data.limit();
    }

    @Override
    public FileChannel truncate(long size) {
        throw new NonWritableChannelException();
    }

    @Override
    public void force(boolean metaData) {}

    @Override
    public long transferTo(long at, long count, WritableByteChannel target) throws IOException {
        if (at >= data.limit()) {
            return 0;
        }
        int n = (int) Math.min(count, data.limit() - at);
        return target.write(data.slice((int) at, n));
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long at, long count) {
        throw new NonWritableChannelException();
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long at, long size) {
        throw new UnsupportedOperationException("memory-mapping a pack file is not supported");
    }

    @Override
    public FileLock lock(long at, long size, boolean shared) {
        return new FileLock(this, at, size, true) {
            private boolean valid = true;

            @Override
            public boolean isValid() {
                return valid && isOpen();
            }

            @Override
            public void release() {
                valid = false;
            }
        };
    }

    @Override
    public FileLock tryLock(long at, long size, boolean shared) {
        return lock(at, size, shared);
    }

    @Override
    protected void implCloseChannel() {}
}

package dev.jemception.python.internal;

import dev.jemception.runtime.ProcessContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.graalvm.polyglot.io.ProcessHandler.ProcessCommand;
import org.graalvm.polyglot.io.ProcessHandler.Redirect;

/**
 * A child "process" of a Python program: a jemception program running on its own thread, with its
 * standard streams piped or inherited as the {@link ProcessCommand} asks.
 */
final class ProgramProcess extends Process {
    private static final AtomicLong PIDS = new AtomicLong(1000);

    private final long pid = PIDS.incrementAndGet();
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private final List<AutoCloseable> childEnds = new ArrayList<>();
    private final OutputStream toChild;
    private final InputStream fromChildOut;
    private final InputStream fromChildErr;
    private final Thread thread;

    ProgramProcess(ProcessContext parent, ProcessCommand command) throws IOException {
        InputStream childIn;
        if (command.getInputRedirect() == Redirect.PIPE) {
            Pipe pipe = Pipe.open();
            toChild = Channels.newOutputStream(pipe.sink());
            childIn = Channels.newInputStream(pipe.source());
            childEnds.add(childIn);
        } else {
            toChild = OutputStream.nullOutputStream();
            childIn = command.getInputRedirect() == Redirect.INHERIT ? parent.stdin() : InputStream.nullInputStream();
        }
        var out = new Stream(command.getOutputRedirect(), parent.stdout());
        fromChildOut = out.parentEnd;
        OutputStream childErr;
        // GraalPy also reports "merge stderr into stdout" when both are simply inherited: keep them apart then.
        if (command.isRedirectErrorStream() && command.getOutputRedirect() != Redirect.INHERIT) {
            childErr = out.childEnd;
            fromChildErr = InputStream.nullInputStream();
        } else {
            var err = new Stream(command.getErrorRedirect(), parent.stderr());
            childErr = err.childEnd;
            fromChildErr = err.parentEnd;
        }
        String cwd = command.getDirectory() != null ? command.getDirectory() : parent.cwd();
        List<String> argv = List.copyOf(command.getCommand());
        OutputStream childOut = out.childEnd;
        thread = Thread.ofPlatform().name("jemception " + argv.get(0)).daemon().start(() -> {
            int code = 1;
            try {
                code = parent.run(argv, command.getEnvironment(), cwd, childIn, childOut, childErr);
            } finally {
                for (AutoCloseable end : childEnds) {
                    try {
                        end.close();
                    } catch (Exception ignored) {
                        // the reader went away first
                    }
                }
                exit.complete(code);
            }
        });
    }

    /** One output stream of the child: where the child writes, and what the parent reads. */
    private final class Stream {
        final OutputStream childEnd;
        final InputStream parentEnd;

        Stream(Redirect redirect, OutputStream inherited) throws IOException {
            if (redirect == Redirect.PIPE) {
                Pipe pipe = Pipe.open();
                childEnd = Channels.newOutputStream(pipe.sink());
                parentEnd = Channels.newInputStream(pipe.source());
                childEnds.add(childEnd);
            } else {
                OutputStream target = redirect == Redirect.INHERIT ? inherited : redirect.getOutputStream();
                childEnd = target != null ? unclosable(target) : OutputStream.nullOutputStream();
                parentEnd = InputStream.nullInputStream();
            }
        }
    }

    /** The parent's own streams stay open when a child finishes with them. */
    private static OutputStream unclosable(OutputStream out) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void flush() throws IOException {
                out.flush();
            }

            @Override
            public void close() throws IOException {
                out.flush();
            }
        };
    }

    @Override
    public OutputStream getOutputStream() {
        return toChild;
    }

    @Override
    public InputStream getInputStream() {
        return fromChildOut;
    }

    @Override
    public InputStream getErrorStream() {
        return fromChildErr;
    }

    @Override
    public int waitFor() throws InterruptedException {
        try {
            return exit.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
        try {
            exit.get(timeout, unit);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public int exitValue() {
        Integer code = exit.getNow(null);
        if (code == null) {
            throw new IllegalThreadStateException("process " + pid + " has not exited");
        }
        return code;
    }

    @Override
    public boolean isAlive() {
        return !exit.isDone();
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public void destroy() {
        thread.interrupt();
    }
}

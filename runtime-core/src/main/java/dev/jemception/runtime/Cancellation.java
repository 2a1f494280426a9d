package dev.jemception.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Stops a running command and every process it started: cancelling interrupts their threads
 * (Chicory checks for that while running wasm) and runs the stop hooks programs registered
 * (GraalPy and GraalJS contexts are closed). Processes asked to start afterwards do not start. A
 * command gets one when it starts ({@link Session#run(java.util.List, java.io.InputStream,
 * java.io.OutputStream, java.io.OutputStream, Cancellation)}); its children share it.
 */
public final class Cancellation {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jemception time limits");
        t.setDaemon(true);
        return t;
    });

    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final List<Runnable> hooks = new CopyOnWriteArrayList<>();
    private volatile String reason;
    private volatile int exitCode;

    /** Undoes a registration; closing never fails. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    /** Stops the command: it ends with {@value Session#CANCELLED}, saying it was interrupted. */
    public void cancel() {
        cancel("interrupted", Session.CANCELLED);
    }

    /** Stops the command; {@code reason} is what it reports ("timed out after 30 s"). */
    public void cancel(String reason, int exitCode) {
        synchronized (this) {
            if (this.reason != null) {
                return;
            }
            this.exitCode = exitCode;
            this.reason = reason;
        }
        for (Runnable hook : hooks) {
            try {
                hook.run();
            } catch (RuntimeException e) {
                // one program failing to stop (GraalPy's close throws once it has cancelled) must not
                // keep the command's other programs running: a clang under em++ is stopped by the next hook
            }
        }
        threads.forEach(Thread::interrupt);
    }

    /**
     * Cancels the command if it still runs after {@code limit}: it then ends with
     * {@value Session#TIMED_OUT}, saying "timed out after 30 s". Closing the result disarms it.
     */
    public Registration timeLimit(Duration limit) {
        var timer = TIMER.schedule(() -> cancel("timed out after " + format(limit), Session.TIMED_OUT),
                limit.toNanos(), TimeUnit.NANOSECONDS);
        return () -> timer.cancel(false);
    }

    private static String format(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    public boolean isCancelled() {
        return reason != null;
    }

    /** The exit code a cancelled command ends with. */
    public int exitCode() {
        return exitCode;
    }

    /** Why it was cancelled, or null while it was not. */
    public String reason() {
        return reason;
    }

    /**
     * Runs {@code hook} on cancellation (at once if already cancelled) until the result is
     * closed; a program registers how to stop what it runs.
     */
    public Registration onCancel(Runnable hook) {
        hooks.add(hook);
        if (isCancelled()) {
            hook.run();
        }
        return () -> hooks.remove(hook);
    }

    /** Marks the current thread as running a process of the command until the result is closed. */
    Registration enter() {
        Thread t = Thread.currentThread();
        boolean added = threads.add(t); // a nested run on the same thread leaves it to the outer one
        if (isCancelled()) {
            t.interrupt();
        }
        return () -> {
            if (added) {
                threads.remove(t);
                synchronized (this) {
                    notifyAll();
                }
            }
        };
    }

    /**
     * Waits, at most {@code limit}, until no thread runs a process of the command any more: a
     * cancelled parent (emcc) returns before the children it started (wasm-ld) have stopped, and
     * what they write afterwards must not outlive the rollback. True when none runs.
     */
    synchronized boolean awaitProcesses(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        try {
            for (long left = limit.toNanos(); !threads.isEmpty() && left > 0; left = deadline - System.nanoTime()) {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return threads.isEmpty();
    }
}

package dev.jemception.serve.internal;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * At most {@code maxConcurrent} requests run at once; up to {@code queue} more wait, each at most
 * the time limit; any beyond are turned away (429) at once, told when to retry.
 */
final class Admission {
    private final Semaphore slots;
    private final int queue;
    private final Duration maxWait;
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicLong recentMillis = new AtomicLong(1000); // a moving mean of a request's time

    /** A slot held until closed. */
    interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    Admission(int maxConcurrent, int queue, Duration maxWait) {
        this.slots = new Semaphore(maxConcurrent, true);
        this.queue = queue;
        this.maxWait = maxWait;
    }

    /** Takes a slot, waiting in the queue if there is room in it; else refuses with 429. */
    Slot enter() throws BadRequest, InterruptedException {
        if (!slots.tryAcquire()) {
            if (waiting.incrementAndGet() > queue) {
                waiting.decrementAndGet();
                throw tooBusy("the server is busy: " + running.get() + " requests running and " + queue + " waiting");
            }
            boolean admitted;
            try {
                admitted = slots.tryAcquire(maxWait.toMillis(), TimeUnit.MILLISECONDS);
            } finally {
                waiting.decrementAndGet();
            }
            if (!admitted) {
                throw tooBusy("the server stayed busy for " + maxWait.toSeconds() + " s while this request waited");
            }
        }
        running.incrementAndGet();
        long start = System.nanoTime();
        return () -> {
            long took = (System.nanoTime() - start) / 1_000_000;
            recentMillis.updateAndGet(mean -> (mean * 7 + took) / 8);
            running.decrementAndGet();
            slots.release();
        };
    }

    int waiting() {
        return waiting.get();
    }

    int running() {
        return running.get();
    }

    /** Seconds until a slot is likely free: the queue ahead times a request's recent mean time. */
    long retryAfterSeconds() {
        int permits = Math.max(1, running.get());
        return Math.max(1, (waiting.get() + 1) * recentMillis.get() / permits / 1000 + 1);
    }

    private BadRequest tooBusy(String message) {
        long retryAfter = retryAfterSeconds();
        return new BadRequest(429, message + "; retry in " + retryAfter + " s", retryAfter);
    }
}

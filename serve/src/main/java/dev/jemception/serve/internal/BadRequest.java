package dev.jemception.serve.internal;

/** A request the service refuses: answered with {@code status} and {@code message} as JSON, nothing run. */
final class BadRequest extends Exception {
    final int status;
    /** For 429: when to retry, in seconds, as the message says; else 0. */
    final long retryAfterSeconds;

    BadRequest(int status, String message, long retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    BadRequest(int status, String message) {
        this(status, message, 0);
    }

    BadRequest(String message) {
        this(400, message);
    }
}

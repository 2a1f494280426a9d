package dev.jemception.serve.internal;

/** A request the service refuses: answered with {@code status} and {@code message} as JSON, nothing run. */
final class BadRequest extends Exception {
    final int status;

    BadRequest(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    BadRequest(String message) {
        this(400, message);
    }
}

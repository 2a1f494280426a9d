package dev.jemception.ninja.internal;

/** A build file ninja cannot read or a build it cannot do: reported as one line, exit code 1. */
final class ManifestException extends RuntimeException {
    ManifestException(String message) {
        super(message);
    }
}

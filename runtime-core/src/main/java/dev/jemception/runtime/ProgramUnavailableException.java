package dev.jemception.runtime;

/**
 * A program cannot run with what this class path holds (the JVM classes an engine needs are in an
 * artifact that was left out). A {@link Session} reports its message as it is, without "internal error".
 */
public final class ProgramUnavailableException extends RuntimeException {
    public ProgramUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

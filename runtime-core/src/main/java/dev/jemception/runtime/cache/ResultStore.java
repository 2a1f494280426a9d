package dev.jemception.runtime.cache;

import java.io.IOException;
import java.util.Optional;

/**
 * Where the result cache keeps what it learned, in the two parts of a build cache: action entries
 * by key (what a run read and produced) and blobs by their SHA-256 (file contents, output). Keys
 * and hashes are lower-case hex SHA-256. Implementations must be thread-safe and must never
 * return a partly written value; losing a value (eviction, a racing writer) is allowed.
 */
public interface ResultStore {

    Optional<byte[]> getAction(String key) throws IOException;

    void putAction(String key, byte[] entry) throws IOException;

    Optional<byte[]> getBlob(String sha256) throws IOException;

    void putBlob(String sha256, byte[] content) throws IOException;
}

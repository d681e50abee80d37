package io.switchboard.store;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Large binary values (attachments, mail bodies, Yjs state, FTP files) kept outside the database.
 * Keys are slash-separated relative names such as {@code mail/2026/ab/cd...}.
 */
public interface BlobStore {
    /** Stores the bytes durably under the key, replacing what was there; visible only when complete. */
    void put(String key, InputStream data) throws IOException;

    default void put(String key, byte[] data) throws IOException {
        put(key, new java.io.ByteArrayInputStream(data));
    }

    Optional<InputStream> open(String key) throws IOException;

    boolean delete(String key) throws IOException;

    boolean exists(String key);

    long size(String key) throws IOException;
}

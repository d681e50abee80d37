package io.switchboard.yjs;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where Yjs documents are kept: per document a list of updates whose merge is the document. Two
 * implementations: {@link YjsFileStore} (append-only files under {@code yjs.storage.path}, one node)
 * and {@link YjsDatabaseStore} (PostgreSQL rows shared by every node of a cluster). Each keeps its
 * stored form short by itself (compaction: the updates are replaced by their merge once they
 * outweigh the last merge, so the work stays linear in what is written).
 */
public interface YjsDocumentStore extends AutoCloseable {
    /** The stored updates of a document, in no particular order (merging them gives the document). Blocking. */
    List<byte[]> load(String doc) throws IOException;

    /** Appends an update; the future completes once it is durable. Appends of one document stay in order. */
    CompletableFuture<Void> append(String doc, byte[] update);

    /** Forgets a document (its row was deleted). */
    CompletableFuture<Void> delete(String doc);

    /** The document's room was unloaded: whatever is kept open for it may go. */
    default void release(String doc) {
    }

    @Override
    void close();
}

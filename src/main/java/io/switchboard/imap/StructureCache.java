package io.switchboard.imap;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * ENVELOPE, BODYSTRUCTURE and BODY of large stored messages, by blob key (stored mail never
 * changes). They come from a streamed parse ({@link StreamedStructure}) that holds no body, but still
 * reads the whole message from storage: with this cache one parse per message is made, and sessions
 * asking at the same time wait for that one.
 */
final class StructureCache {
    private StructureCache() {
    }

    record Structures(String envelope, String bodyStructure, String body) {
    }

    interface Parse {
        Structures run() throws IOException;
    }

    private static final int ENTRIES = 1024;
    private static final Map<String, CompletableFuture<Structures>> CACHE = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CompletableFuture<Structures>> e) {
            return size() > ENTRIES;
        }
    };

    /** The structures of a message already parsed, else null (an ENVELOPE alone then reads just the header). */
    static Structures peek(String blobKey) {
        CompletableFuture<Structures> f;
        synchronized (CACHE) {
            f = CACHE.get(blobKey);
        }
        return f != null && f.isDone() && !f.isCompletedExceptionally() ? f.join() : null;
    }

    static Structures get(String blobKey, Parse parse) throws IOException {
        CompletableFuture<Structures> mine = new CompletableFuture<>();
        CompletableFuture<Structures> f;
        synchronized (CACHE) {
            f = CACHE.putIfAbsent(blobKey, mine);
        }
        if (f == null) {
            try {
                mine.complete(parse.run());
            } catch (IOException | RuntimeException e) {
                synchronized (CACHE) {
                    CACHE.remove(blobKey, mine);
                }
                mine.completeExceptionally(e);
                throw e;
            }
            f = mine;
        }
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }
}

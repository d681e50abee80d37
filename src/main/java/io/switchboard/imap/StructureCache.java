package io.switchboard.imap;

import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * ENVELOPE, BODYSTRUCTURE and BODY of stored messages, by blob key (stored mail never changes), as
 * Dovecot keeps them in its index cache. A parse costs far more than the answer (mime4j, address
 * and parameter parsing: about a tenth of a millisecond for a small message, a read of the whole
 * message for a large one), and clients ask for the same structures again on every resync.
 * Sessions asking for one message at the same time wait for the one parse. Bounded by the total
 * length of the answers kept, least recently used first out.
 */
final class StructureCache {
    private StructureCache() {
    }

    record Structures(String envelope, String bodyStructure, String body) {
        long weight() {
            return envelope.length() + bodyStructure.length() + body.length() + 64L;
        }
    }

    interface Parse {
        Structures run() throws IOException;
    }

    /** Characters of answers kept (compact strings: about as many bytes); some 30,000 typical messages. */
    private static final long MAX_CHARS = 48L << 20;
    private static final Map<String, CompletableFuture<Structures>> CACHE = new LinkedHashMap<>(1024, 0.75f, true);
    /** Weight of the completed entries in {@link #CACHE}; guarded by it. */
    private static long kept;

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
            Structures st;
            try {
                st = parse.run();
            } catch (IOException | RuntimeException e) {
                synchronized (CACHE) {
                    CACHE.remove(blobKey, mine);
                }
                mine.completeExceptionally(e);
                throw e;
            }
            synchronized (CACHE) {
                mine.complete(st);
                // counted only while it is in the map: an entry pushed out before it was done never was
                if (CACHE.get(blobKey) == mine) {
                    kept += st.weight();
                    trim();
                }
            }
            return st;
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

    /** Drops least recently used answers until the kept ones fit; the caller holds the lock. */
    private static void trim() {
        Iterator<CompletableFuture<Structures>> it = CACHE.values().iterator();
        while (kept > MAX_CHARS && it.hasNext()) {
            CompletableFuture<Structures> f = it.next();
            if (!f.isDone()) continue; // a parse under way: its waiters need it
            it.remove();
            if (!f.isCompletedExceptionally()) kept -= f.join().weight();
        }
    }
}

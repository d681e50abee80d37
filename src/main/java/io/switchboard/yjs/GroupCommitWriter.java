package io.switchboard.yjs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The one writer thread of a {@link YjsDocumentStore}: it takes what is queued, hands each run of
 * consecutive appends to the store's {@link Log} in one call (group commit: one transaction or one fsync
 * for many updates), then, after they are acknowledged, lets the log compact what it wrote. Doing every
 * write on one thread is what keeps the appends of a document in order without locks.
 *
 * <p>Other work (delete, release, compact) runs on the same thread in queue order: it sees every append
 * queued before it written and acknowledged.
 */
final class GroupCommitWriter {
    private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);

    /** What the writer writes to; called on the writer thread only. */
    interface Log {
        /**
         * Makes the appends durable (in queue order) and completes their futures, normally or
         * exceptionally. Returns the documents written. The list is reused once this returns.
         */
        Set<String> writeAndAcknowledge(List<Append> appends);

        /** After the batch is acknowledged, so that this work never delays an acknowledgement. */
        void afterBatch(Set<String> written);

        /** The writer stops: close whatever is open. */
        default void stopped() {
        }
    }

    /** Work on one document other than an append, run on the writer thread. */
    @FunctionalInterface
    interface DocumentWork {
        void run() throws Exception;
    }

    private sealed interface Task permits Append, Work, Stop {
    }

    record Append(String doc, byte[] update, CompletableFuture<Void> done) implements Task {
    }

    private record Work(String doc, String what, DocumentWork work, CompletableFuture<Void> done) implements Task {
    }

    private record Stop() implements Task {
    }

    private final Log target;
    private final int maxBatch;
    private final LinkedBlockingQueue<Task> queue = new LinkedBlockingQueue<>();
    private final Thread thread;

    /** @param maxBatch how many queued tasks one round takes at most */
    GroupCommitWriter(String threadName, int maxBatch, Log target) {
        this.target = target;
        this.maxBatch = maxBatch;
        this.thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues an update; the future completes once the log has made it durable. */
    CompletableFuture<Void> append(String doc, byte[] update) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        queue.add(new Append(doc, update, done));
        return done;
    }

    /** Queues other work on a document; {@code what} names it in the log if it fails. */
    CompletableFuture<Void> submit(String doc, String what, DocumentWork work) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        queue.add(new Work(doc, what, work, done));
        return done;
    }

    private void run() {
        List<Task> batch = new ArrayList<>();
        List<Append> appends = new ArrayList<>();
        Set<String> written = new LinkedHashSet<>();
        while (true) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch, maxBatch - 1);
            boolean stop = false;
            for (Task t : batch) {
                if (t instanceof Append a) {
                    appends.add(a);
                    continue;
                }
                written.addAll(flush(appends));
                if (t instanceof Work w) {
                    try {
                        w.work().run();
                        w.done().complete(null);
                    } catch (Exception e) {
                        log.error("yjs document {}: {} failed", w.doc(), w.what(), e);
                        w.done().completeExceptionally(e);
                    }
                } else if (t instanceof Stop) {
                    stop = true;
                }
            }
            written.addAll(flush(appends));
            batch.clear();
            target.afterBatch(written);
            written.clear();
            if (stop) {
                target.stopped();
                return;
            }
        }
    }

    private Set<String> flush(List<Append> appends) {
        if (appends.isEmpty()) return Set.of();
        Set<String> docs = target.writeAndAcknowledge(appends);
        appends.clear();
        return docs;
    }

    /** Stops after what is queued is written; waits up to 10 s. */
    void close() {
        queue.add(new Stop());
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

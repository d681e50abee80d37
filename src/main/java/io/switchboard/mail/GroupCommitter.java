package io.switchboard.mail;

import io.switchboard.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Group commit for mail rows: one writer thread runs every waiting piece of work in one
 * transaction, so fifty concurrent deliveries cost one commit instead of fifty, and the folder
 * rows whose {@code nextuid} they all bump are never contended. Each caller's future completes
 * only after that commit returned, so SMTP still answers 250 only for durable mail. When the
 * shared transaction fails, every piece is retried once in its own transaction, so one bad
 * message cannot fail the others and a lost race (a folder created meanwhile) heals itself.
 */
public final class GroupCommitter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupCommitter.class);
    private static final int MAX_BATCH = 256;

    private record Pending<T>(Database.SqlWork<T> work, CompletableFuture<T> done) {
        void complete(Object value) {
            @SuppressWarnings("unchecked") T v = (T) value;
            done.complete(v);
        }
    }

    private final Database db;
    private final LinkedBlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean running = true;

    public GroupCommitter(Database db) {
        this.db = db;
        this.writer = new Thread(this::loop, "sb-mail-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Runs the work in the next group transaction; the future completes after its commit. */
    public <T> CompletableFuture<T> submit(Database.SqlWork<T> work) {
        CompletableFuture<T> f = new CompletableFuture<>();
        if (!running) {
            f.completeExceptionally(new IllegalStateException("mail writer stopped"));
            return f;
        }
        queue.add(new Pending<>(work, f));
        return f;
    }

    /** Runs the work in a group transaction and waits for the commit (for blocking callers). */
    public <T> T run(Database.SqlWork<T> work) throws Exception {
        try {
            return submit(work).get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof Exception ex) throw ex;
            throw e;
        }
    }

    private void loop() {
        List<Pending<?>> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                Pending<?> first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } finally {
                batch.clear();
            }
        }
    }

    private void commit(List<Pending<?>> batch) {
        List<Object> results = new ArrayList<>(batch.size());
        try {
            db.inTransaction(c -> {
                results.clear();
                for (Pending<?> p : batch) results.add(p.work().run(c));
                return null;
            });
            for (int i = 0; i < batch.size(); i++) batch.get(i).complete(results.get(i));
        } catch (Exception groupFailure) {
            // also for a batch of one: the usual cause is a folder another transaction created a
            // moment ago (unique index), which the second attempt simply finds
            log.debug("group commit of {} failed, retrying one by one: {}", batch.size(), groupFailure.toString());
            for (Pending<?> p : batch) {
                try {
                    p.complete(db.inTransaction(p.work()));
                } catch (Exception e) {
                    p.done().completeExceptionally(e);
                }
            }
        }
    }

    @Override
    public void close() {
        running = false; // no interrupt: it would close H2's file channel under a running commit
        try {
            writer.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Pending<?> p;
        while ((p = queue.poll()) != null) p.done().completeExceptionally(new IllegalStateException("mail writer stopped"));
    }
}

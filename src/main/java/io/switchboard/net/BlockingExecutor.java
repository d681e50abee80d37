package io.switchboard.net;

import io.netty.util.concurrent.DefaultThreadFactory;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Where JDBC, password hashing and disk work run: never on an event loop. Bounded in threads and
 * in queue length, so overload turns into a quick "503 busy" ({@link BusyException}) instead of
 * unbounded memory and latency.
 */
public final class BlockingExecutor implements AutoCloseable {
    /** The queue is full: the caller answers 503 (or the protocol's "try later"). */
    public static final class BusyException extends RuntimeException {
        public BusyException() {
            super("server busy", null, false, false);
        }
    }

    private final ThreadPoolExecutor pool;

    public BlockingExecutor(int threads, int queueLimit) {
        this.pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queueLimit), new DefaultThreadFactory("sb-blocking", true),
                new ThreadPoolExecutor.AbortPolicy());
        pool.allowCoreThreadTimeOut(true);
    }

    /** Runs the task on a blocking thread; the future fails with BusyException when the queue is full. */
    public <T> CompletableFuture<T> submit(Callable<T> task) {
        CompletableFuture<T> f = new CompletableFuture<>();
        try {
            pool.execute(() -> {
                try {
                    f.complete(task.call());
                } catch (Throwable t) {
                    f.completeExceptionally(t);
                }
            });
        } catch (RejectedExecutionException e) {
            f.completeExceptionally(new BusyException());
        }
        return f;
    }

    public void execute(Runnable task) {
        try {
            pool.execute(task);
        } catch (RejectedExecutionException e) {
            throw new BusyException();
        }
    }

    public int queued() {
        return pool.getQueue().size();
    }

    public int active() {
        return pool.getActiveCount();
    }

    @Override
    public void close() {
        pool.shutdown();
        try {
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.switchboard.pubsub;

import io.netty.util.concurrent.AbstractEventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/** A single-threaded executor the test drives by hand, so tasks can be counted before they run. */
final class ManualExecutor extends AbstractEventExecutor {
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private int submitted;

    @Override
    public synchronized void execute(Runnable task) {
        submitted++;
        tasks.add(task);
    }

    synchronized int pending() {
        return tasks.size();
    }

    synchronized int submitted() {
        return submitted;
    }

    /** Runs queued tasks (and tasks they queue) on the calling thread; returns how many ran. */
    int runAll() {
        int n = 0;
        for (;;) {
            Runnable r;
            synchronized (this) {
                r = tasks.poll();
            }
            if (r == null) {
                return n;
            }
            r.run();
            n++;
        }
    }

    @Override
    public boolean inEventLoop(Thread thread) {
        return true;
    }

    @Override
    public boolean isShuttingDown() {
        return false;
    }

    @Override
    public Future<?> shutdownGracefully(long quietPeriod, long timeout, TimeUnit unit) {
        return terminationFuture();
    }

    @Override
    public Future<?> terminationFuture() {
        return ImmediateEventExecutor.INSTANCE.newSucceededFuture(null);
    }

    @Override
    @Deprecated
    public void shutdown() {
    }

    @Override
    public boolean isShutdown() {
        return false;
    }

    @Override
    public boolean isTerminated() {
        return false;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return false;
    }
}

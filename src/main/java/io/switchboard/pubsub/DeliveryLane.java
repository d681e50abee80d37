package io.switchboard.pubsub;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * All delivery work of one router on one event loop: the {@link DeliveryBatch}es of every topic, in the
 * order they were dispatched, run by one task at a time on the loop.
 *
 * <p>Why one lane per loop instead of one task per batch:
 * <ul>
 *   <li><b>Bounded runs.</b> On an event loop, a run stops after about {@link #RUN_NANOS} of deliveries (and as much again of
 *   flushing) and yields: it is re-scheduled behind the loop's I/O and the tasks other threads queued
 *   (a publisher's own HTTP response, say). A fan-out to 10,000 connections therefore never holds the
 *   loop for its whole length. A batch cut by the deadline resumes where it stopped; batches are never
 *   reordered, so per-topic order holds.</li>
 *   <li><b>Flush coalescing.</b> While the lane keeps up (the batch being run is the only one waiting),
 *   each connection is flushed right after its deliveries, as soon as possible. When batches queue up
 *   (the loop is behind), writes are not flushed per batch: each connection is listed once (its
 *   {@link FlushMark}) and flushed later, in the order it was first written, so one {@code writev} carries
 *   every frame that accumulated meanwhile. A loop that falls behind thus spends fewer system calls per
 *   delivery and catches up, instead of paying one {@code write} per frame per connection.</li>
 * </ul>
 *
 * <p>Threads: {@link #offer} from any thread (lock-free queue plus one CAS to schedule the lane); everything
 * else runs on the loop, one run at a time ({@code scheduled} is held from the CAS until the run that
 * finds nothing left lets go and re-checks the queue).
 */
final class DeliveryLane implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(DeliveryLane.class);
    /**
     * Delivery time per run, and again flush time per run, before the lane yields the loop. The system
     * property {@code switchboard.pubsub.laneRunMicros} overrides it for experiments.
     */
    static final long RUN_NANOS = TimeUnit.MICROSECONDS.toNanos(Long.getLong("switchboard.pubsub.laneRunMicros", 1000));
    private static final VarHandle SCHEDULED;

    static {
        try {
            SCHEDULED = MethodHandles.lookup().findVarHandle(DeliveryLane.class, "scheduled", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final EventExecutor executor;
    /**
     * Time budget of one run: {@link #RUN_NANOS} on an event loop; unbounded on any other executor (an
     * inline or test executor), which has no I/O to yield to: cutting a run there would only leave
     * batches queued and switch the lane to deferred flushes for nothing.
     */
    private final long runNanos;
    private final RouterStats stats;
    private final ConcurrentLinkedQueue<DeliveryBatch> queue = new ConcurrentLinkedQueue<>();
    private volatile int scheduled;

    // Loop-confined state.
    /** A batch cut short by the deadline; runs first next time. */
    private DeliveryBatch current;
    /** Connections written but not flushed yet, oldest first: marks[markHead, markTail). */
    private FlushMark[] marks = new FlushMark[64];
    private int markHead;
    private int markTail;

    DeliveryLane(EventExecutor executor, RouterStats stats) {
        this.executor = executor;
        this.runNanos = executor instanceof EventLoop ? RUN_NANOS : Long.MAX_VALUE / 4;
        this.stats = stats;
    }

    /** Queues a batch; any thread. */
    void offer(DeliveryBatch batch) {
        queue.offer(batch);
        if (SCHEDULED.compareAndSet(this, 0, 1)) {
            submit(false);
        }
    }

    @Override
    public void run() {
        boolean more = true;
        try {
            more = runOnce();
        } finally {
            if (more) {
                submit(true);
            } else {
                scheduled = 0;
                // A batch offered after the last poll found the flag still set and did not schedule us.
                if (!queue.isEmpty() && SCHEDULED.compareAndSet(this, 0, 1)) {
                    submit(true);
                }
            }
        }
    }

    /** One bounded run; true when work is left. */
    private boolean runOnce() {
        long deadline = System.nanoTime() + runNanos;
        DeliveryBatch b = current;
        current = null;
        for (;;) {
            if (b == null) {
                b = queue.poll();
                if (b == null) {
                    break;
                }
            }
            // Behind when another batch already waits or flushes are still owed: coalesce then.
            boolean coalesce = markHead != markTail || queue.peek() != null;
            if (!b.run(this, coalesce, deadline)) {
                current = b;
                break;
            }
            b = null;
            if (System.nanoTime() - deadline > 0) {
                break;
            }
        }
        if (markHead != markTail) {
            flushMarked(System.nanoTime() + runNanos);
        }
        return current != null || markHead != markTail || !queue.isEmpty();
    }

    /** Lists {@code mark}'s endpoint for a flush later in this or a later run (loop only). */
    void flushLater(FlushMark mark) {
        if (mark.queued) {
            return;
        }
        mark.queued = true;
        if (markTail == marks.length) {
            int live = markTail - markHead;
            if (markHead >= marks.length / 2) {
                System.arraycopy(marks, markHead, marks, 0, live);
                Arrays.fill(marks, live, markTail, null);
            } else {
                marks = Arrays.copyOf(marks, marks.length * 2);
                System.arraycopy(marks, markHead, marks, 0, live);
                Arrays.fill(marks, live, markTail, null);
            }
            markHead = 0;
            markTail = live;
        }
        marks[markTail++] = mark;
    }

    /** Flushes listed endpoints, oldest first, until none is left or the deadline passed. */
    private void flushMarked(long deadline) {
        int n = 0;
        long errors = 0;
        while (markHead != markTail) {
            FlushMark m = marks[markHead];
            marks[markHead++] = null;
            if (m.queued) {
                m.queued = false;
                errors += flush(m.endpoint);
                n++;
                if ((n & 31) == 0 && System.nanoTime() - deadline > 0) {
                    break;
                }
            }
        }
        if (markHead == markTail) {
            markHead = 0;
            markTail = 0;
            if (marks.length > 4096) {
                marks = new FlushMark[64]; // a burst is over: do not keep its array
            }
        }
        stats.coalescedFlushes.add(n);
        if (errors != 0) {
            stats.deliveryErrors.add(errors);
        }
    }

    static int flush(SubscriberEndpoint endpoint) {
        try {
            endpoint.flush();
            return 0;
        } catch (Throwable t) {
            log.warn("flush of {} failed", endpoint, t);
            return 1;
        }
    }

    /**
     * Runs the lane again: from another thread at once; from the loop itself behind its I/O and the
     * tasks already queued (a scheduled task is picked up only after the next I/O poll), so deliveries
     * never starve the loop's reads.
     */
    private void submit(boolean fromRun) {
        try {
            if (fromRun && executor instanceof EventLoop loop) {
                stats.laneYields.increment();
                loop.schedule(this, 0, TimeUnit.NANOSECONDS);
            } else {
                executor.execute(this);
            }
        } catch (RejectedExecutionException e) {
            abandonAll();
        }
    }

    /** The loop is shutting down: let every queued event's buffers go (we hold {@code scheduled}). */
    private void abandonAll() {
        for (;;) {
            if (current != null) {
                current.abandon();
                current = null;
            }
            DeliveryBatch b;
            while ((b = queue.poll()) != null) {
                b.abandon();
            }
            for (int i = markHead; i < markTail; i++) {
                marks[i].queued = false;
                marks[i] = null;
            }
            markHead = 0;
            markTail = 0;
            scheduled = 0;
            if (queue.isEmpty() || !SCHEDULED.compareAndSet(this, 0, 1)) {
                return;
            }
        }
    }

    /** True when nothing is queued, running or owed a flush (tests wait for it). */
    boolean idle() {
        return scheduled == 0 && queue.isEmpty();
    }

    @Override
    public String toString() {
        return "DeliveryLane[" + executor + "]";
    }
}

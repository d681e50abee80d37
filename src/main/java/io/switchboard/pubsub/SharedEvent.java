package io.switchboard.pubsub;

import io.netty.buffer.ByteBuf;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The part of an event shared by all event loops: topic, seq, payload and the memoized encodings.
 *
 * <p>The memo is a lock-free prepend-only list. The first thread to need a key publishes a pending entry
 * with one CAS and encodes; a thread on another event loop that finds the entry pending waits a bounded
 * time (an encode is a short pure function), and if the encoding thread has been descheduled it encodes a
 * private copy instead of waiting longer. So each key is encoded exactly once unless an encoding thread
 * stalls, and no thread ever waits on another indefinitely. Every buffer in the list is released when the
 * last delivery batch of the event ends.
 */
final class SharedEvent {
    private static final VarHandle HEAD;
    private static final VarHandle PENDING;
    /**
     * How long a waiter spins for another event loop's encode before encoding a private copy. An event
     * encodes in 1-2 µs, so a longer wait only helps when the encoding thread was descheduled, and then
     * a private copy is cheaper than spinning: with 50 µs, two loops sharing two cores with other busy
     * threads burned the difference (router under churn 3.4-4.4x the baseline with 50 µs, 3.9-6.6x with
     * 3 µs, three alternated runs). The system property {@code switchboard.pubsub.encodeWaitNanos}
     * overrides it for experiments.
     */
    private static final long MAX_WAIT_NANOS = Long.getLong("switchboard.pubsub.encodeWaitNanos", 3_000);

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            HEAD = l.findVarHandle(SharedEvent.class, "head", Encoding.class);
            PENDING = l.findVarHandle(SharedEvent.class, "pendingBatches", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final String topic;
    final long seq;
    final Object payload;
    private final RouterStats stats;
    private volatile Encoding head;
    private volatile int pendingBatches;
    private volatile boolean released;

    SharedEvent(String topic, long seq, Object payload, int batches, RouterStats stats) {
        this.topic = topic;
        this.seq = seq;
        this.payload = payload;
        this.stats = stats;
        this.pendingBatches = batches;
    }

    ByteBuf encoded(EncodingKey key) {
        for (;;) {
            if (released) {
                throw new IllegalStateException("event " + topic + "#" + seq + ": fan-out already complete");
            }
            Encoding first = head;
            for (Encoding e = first; e != null; e = e.next) {
                if (e.key == key || e.key.equals(key)) {
                    return awaitOrEncodePrivately(e, key);
                }
            }
            Encoding mine = new Encoding(key, first);
            if (HEAD.compareAndSet(this, first, mine)) {
                return encodeInto(mine);
            }
        }
    }

    private ByteBuf awaitOrEncodePrivately(Encoding e, EncodingKey key) {
        ByteBuf buf = e.buf;
        if (buf == null) {
            long deadline = 0;
            for (int spins = 0; (buf = e.buf) == null; spins++) {
                Thread.onSpinWait();
                if ((spins & 63) == 63) {
                    long now = System.nanoTime();
                    if (deadline == 0) {
                        deadline = now + MAX_WAIT_NANOS;
                    } else if (now - deadline > 0) {
                        stats.encodeStalls.increment();
                        return encodePrivately(key);
                    }
                }
            }
        }
        if (e.failure != null) {
            throw new EncodingFailedException(topic, seq, e.failure);
        }
        return buf;
    }

    private ByteBuf encodePrivately(EncodingKey key) {
        Encoding mine = new Encoding(key, null);
        ByteBuf buf = encodeInto(mine);
        // Keep it in the list (ahead of the stalled entry) so it is released with the others.
        for (;;) {
            Encoding first = head;
            mine.next = first;
            if (HEAD.compareAndSet(this, first, mine)) {
                return buf;
            }
        }
    }

    private ByteBuf encodeInto(Encoding e) {
        ByteBuf buf;
        try {
            buf = e.key.encoder().encode(new RoutedEvent(this), e.key);
            if (buf == null) {
                throw new NullPointerException("encoder returned null");
            }
        } catch (RuntimeException | Error t) {
            e.failure = t;
            e.buf = FAILED;
            throw t;
        }
        stats.encodes.increment();
        e.buf = buf;
        return buf;
    }

    void batchDone() {
        if ((int) PENDING.getAndAdd(this, -1) == 1) {
            released = true;
            for (Encoding e = head; e != null; e = e.next) {
                ByteBuf b = e.buf;
                if (b != null && b != FAILED) {
                    b.release();
                }
            }
            head = null;
        }
    }

    private static final ByteBuf FAILED = io.netty.buffer.Unpooled.EMPTY_BUFFER.asReadOnly();

    private static final class Encoding {
        final EncodingKey key;
        volatile Encoding next;
        volatile ByteBuf buf;
        Throwable failure;

        Encoding(EncodingKey key, Encoding next) {
            this.key = key;
            this.next = next;
        }
    }

    /** Thrown to every subscriber of a key whose encoder failed. */
    static final class EncodingFailedException extends RuntimeException {
        EncodingFailedException(String topic, long seq, Throwable cause) {
            super("encoding " + topic + "#" + seq + " failed", cause);
        }
    }
}

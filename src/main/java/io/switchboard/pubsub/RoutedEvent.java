package io.switchboard.pubsub;

import io.netty.buffer.ByteBuf;

/**
 * One published event as one event loop's delivery batch sees it. Endpoints receive it in
 * {@link SubscriberEndpoint#deliver}; {@link #topic()}, {@link #seq()} and {@link #payload()} stay valid
 * forever, {@link #encoded} only while the batch runs.
 *
 * <p>Encoding is memoized in two levels. The event's {@link SharedEvent} holds one buffer per
 * {@link EncodingKey}, encoded once by whichever event loop needs it first. Each batch (one per event loop
 * per event) then takes one reference on that buffer and wraps it in a {@link LoopLocalFrame}, a view whose
 * reference count is a plain int confined to the loop; each delivery is a {@link DeliveredFrame} of it.
 * Deliveries and the channels' releases of what they wrote therefore cost no atomic operation and never
 * touch a cache line another loop writes, and both kinds of view come from the loop's {@link FramePool},
 * so a delivery allocates nothing. The frame lets its reference to the shared buffer go when the batch
 * has ended and the last delivery was released; the last batch of the event releases the shared buffers.
 */
public final class RoutedEvent {
    final SharedEvent shared;
    /** Matches no caller's key (not even null), so the identity fast paths need no null check. */
    private static final EncodingKey NO_KEY = EncodingKey.of((event, key) -> {
        throw new IllegalStateException("placeholder key");
    });

    // Batch-local cache, touched only by the batch's event loop.
    private EncodingKey localKey = NO_KEY;
    private LoopLocalFrame localBuf;
    private LocalEncoding moreLocal;
    private boolean closed;

    RoutedEvent(SharedEvent shared) {
        this.shared = shared;
    }

    public String topic() {
        return shared.topic;
    }

    /** Per-topic sequence number: 1, 2, 3, ... with no gaps, in delivery order. */
    public long seq() {
        return shared.seq;
    }

    public Object payload() {
        return shared.payload;
    }

    /**
     * The event rendered for {@code key}, encoded at most once per event and key (see
     * {@link SharedEvent#encoded}). The caller must not release it and must not keep it after
     * {@link SubscriberEndpoint#deliver} returns: write {@link #retainedDuplicate(EncodingKey)} (or
     * {@code encoded(key).retainedDuplicate()}).
     *
     * @throws IllegalStateException when called after the delivery batch ended
     */
    public ByteBuf encoded(EncodingKey key) {
        if (key == localKey) {
            return localBuf;
        }
        return encodedSlow(key);
    }

    /**
     * A duplicate of {@link #encoded(EncodingKey)} holding its own reference: the same contract as
     * {@code encoded(key).retainedDuplicate()} (independent indexes, release it once, on this event loop),
     * but it costs no atomic operation and, once the loop's pool is warm, no allocation. This is what
     * endpoints should write; nothing may touch it after its last release (the object is reused).
     */
    public ByteBuf retainedDuplicate(EncodingKey key) {
        if (key == localKey) {
            return localBuf.delivery();
        }
        return encodedSlow(key).delivery();
    }

    private LoopLocalFrame encodedSlow(EncodingKey key) {
        if (closed) {
            throw new IllegalStateException("event " + shared.topic + "#" + shared.seq + ": delivery batch already ended");
        }
        if (key == null) {
            throw new NullPointerException("subscription has no encoding key");
        }
        if (localKey.equals(key)) {
            return localBuf;
        }
        for (LocalEncoding e = moreLocal; e != null; e = e.next) {
            if (e.key == key || e.key.equals(key)) {
                return e.buf;
            }
        }
        // One atomic reference on the shared frame for this loop; deliveries count on the loop-local view.
        LoopLocalFrame view = FramePool.current().frame(shared.encoded(key).retain());
        if (localKey == NO_KEY) {
            localKey = key;
            localBuf = view;
        } else {
            moreLocal = new LocalEncoding(key, view, moreLocal);
        }
        return view;
    }

    /** Ends the batch: releases its duplicates, then (for the last batch) the shared buffers. */
    void close() {
        closed = true;
        localKey = NO_KEY;
        if (localBuf != null) {
            localBuf.release();
            localBuf = null;
        }
        for (LocalEncoding e = moreLocal; e != null; e = e.next) {
            e.buf.release();
        }
        moreLocal = null;
        shared.batchDone();
    }

    @Override
    public String toString() {
        return "RoutedEvent[" + shared.topic + "#" + shared.seq + "]";
    }

    private static final class LocalEncoding {
        final EncodingKey key;
        final LoopLocalFrame buf;
        final LocalEncoding next;

        LocalEncoding(EncodingKey key, LoopLocalFrame buf, LocalEncoding next) {
            this.key = key;
            this.buf = buf;
            this.next = next;
        }
    }
}

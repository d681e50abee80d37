package io.switchboard.pubsub;

import io.netty.buffer.ByteBuf;

/**
 * One published event as one event loop's delivery batch sees it. Endpoints receive it in
 * {@link SubscriberEndpoint#deliver}; {@link #topic()}, {@link #seq()} and {@link #payload()} stay valid
 * forever, {@link #encoded} only while the batch runs.
 *
 * <p>Encoding is memoized in two levels. The event's {@link SharedEvent} holds one buffer per
 * {@link EncodingKey}, encoded once by whichever event loop needs it first. Each batch (one per event loop
 * per event) then takes one retained duplicate of that buffer and hands it out to its endpoints, whose
 * {@code retainedDuplicate()} calls therefore count references on a per-loop buffer instead of making
 * every event loop contend on the shared one (this relies on pooled buffers, whose derived buffers keep
 * their own reference count). The batch releases its duplicates when it ends; the last batch of the event
 * releases the shared buffers.
 */
public final class RoutedEvent {
    final SharedEvent shared;
    // Batch-local cache, touched only by the batch's event loop.
    private EncodingKey localKey;
    private ByteBuf localBuf;
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
     * {@link SubscriberEndpoint#deliver} returns: write {@code encoded(key).retainedDuplicate()}.
     *
     * @throws IllegalStateException when called after the delivery batch ended
     */
    public ByteBuf encoded(EncodingKey key) {
        if (key == localKey) {
            return localBuf;
        }
        return encodedSlow(key);
    }

    private ByteBuf encodedSlow(EncodingKey key) {
        if (closed) {
            throw new IllegalStateException("event " + shared.topic + "#" + shared.seq + ": delivery batch already ended");
        }
        if (key == null) {
            throw new NullPointerException("subscription has no encoding key");
        }
        if (localKey != null && localKey.equals(key)) {
            return localBuf;
        }
        for (LocalEncoding e = moreLocal; e != null; e = e.next) {
            if (e.key == key || e.key.equals(key)) {
                return e.buf;
            }
        }
        ByteBuf view = shared.encoded(key).retainedDuplicate();
        if (localKey == null) {
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
        localKey = null;
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
        final ByteBuf buf;
        final LocalEncoding next;

        LocalEncoding(EncodingKey key, ByteBuf buf, LocalEncoding next) {
            this.key = key;
            this.buf = buf;
            this.next = next;
        }
    }
}

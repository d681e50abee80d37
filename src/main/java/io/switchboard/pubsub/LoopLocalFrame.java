package io.switchboard.pubsub;

import io.netty.buffer.ByteBuf;

/**
 * One event loop's read-only view of an event's shared encoded frame, with a <b>plain (non-atomic)
 * reference count</b>. A delivery batch takes one reference on the shared frame for its loop and wraps it
 * here; every delivery is a {@link DeliveredFrame} (own indexes, one reference on this count), and the
 * channel's release of it decrements plain ints instead of doing an atomic operation on a buffer every
 * loop shares. When the count reaches zero the shared frame's one reference is released and, if the frame
 * came from a {@link FramePool}, it goes back there.
 *
 * <p><b>Thread confinement:</b> every retain and release must happen on the batch's event loop. That holds
 * for what the router hands out: deliveries run on the endpoint's {@link SubscriberEndpoint#executor()},
 * and a channel releases what it wrote on its own event loop, which is that executor
 * ({@link ChannelSubscriberEndpoint#executor()}). An endpoint that passes delivered buffers to another
 * thread must copy them (or take {@code encoded(key).copy()}); {@link SubscriberEndpoint#deliver} says so.
 */
final class LoopLocalFrame extends ReadOnlyFrameView {
    /** Where this object goes back when its count reaches zero; null: not pooled. */
    private final FramePool pool;
    /** The shared frame; null once released. */
    private ByteBuf shared;

    /** Wraps {@code frame}, taking over one reference the caller already holds on it (not pooled). */
    LoopLocalFrame(ByteBuf frame) {
        this((FramePool) null);
        start(frame);
    }

    LoopLocalFrame(FramePool pool) {
        this.pool = pool;
    }

    /** Takes over one reference on {@code shared}; the count starts at 1. */
    void start(ByteBuf shared) {
        this.shared = shared;
        open(shared);
    }

    @Override
    ByteBuf frame() {
        return shared;
    }

    /**
     * A delivery of this frame: a view with its own indexes and its own count of 1, holding one reference
     * here. Pooled when this frame is, so a delivery allocates nothing once the pool is warm.
     */
    DeliveredFrame delivery() {
        retain();
        return pool != null ? pool.delivery(this) : unpooledDelivery();
    }

    private DeliveredFrame unpooledDelivery() {
        return new DeliveredFrame(null).start(this);
    }

    @Override
    void deallocate() {
        ByteBuf last = shared;
        shared = null;
        last.release();
        if (pool != null) {
            pool.recycle(this);
        }
    }

    @Override
    public String toString() {
        return "LoopLocalFrame(refCnt: " + refCnt() + ", " + shared + ")";
    }
}

package io.switchboard.pubsub;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;

import java.util.Arrays;

/**
 * Free lists of {@link LoopLocalFrame}s and {@link DeliveredFrame}s, one pool per thread (each event loop,
 * or the publishing thread with inline delivery), touched by that thread only: no atomics, no locks.
 *
 * <p>Objects come back when their count reaches zero, which the confinement rule puts on the same thread;
 * one released elsewhere (a contract breach) is not taken back, it is simply left to the collector. The
 * lists are bounded: past {@link #MAX_DELIVERIES} views waiting (a burst to many slow connections) the
 * surplus is dropped rather than kept for ever.
 *
 * <p>The lists are stacks whose slots are not cleared when an object is taken: in steady state an object
 * goes back into the slot it came from, which then already holds it, and the push stores nothing. Under
 * G1 every reference store into an old object (these arrays are old) costs a barrier with a memory fence
 * unless it is skipped this way. A slot above the top may keep an object in use reachable; that object
 * belongs to the pool anyway.
 */
final class FramePool {
    /** Idle delivery views kept per thread: about 64 bytes each. */
    static final int MAX_DELIVERIES = 16_384;
    /** Idle frames kept per thread (one per event and encoding in flight on the loop). */
    static final int MAX_FRAMES = 1_024;

    private static final FastThreadLocal<FramePool> POOLS = new FastThreadLocal<>() {
        @Override
        protected FramePool initialValue() {
            return new FramePool(Thread.currentThread());
        }
    };

    private final Thread owner;
    private DeliveredFrame[] deliveries = new DeliveredFrame[64];
    private int idleDeliveries;
    private LoopLocalFrame[] frames = new LoopLocalFrame[16];
    private int idleFrames;
    /** Objects created because the list was empty (tests read it). */
    long created;

    FramePool(Thread owner) {
        this.owner = owner;
    }

    /** The calling thread's pool. */
    static FramePool current() {
        return POOLS.get();
    }

    /** A frame over {@code shared}, taking over one reference the caller holds on it. */
    LoopLocalFrame frame(ByteBuf shared) {
        LoopLocalFrame f;
        if (idleFrames != 0) {
            f = frames[--idleFrames];
        } else {
            f = new LoopLocalFrame(this);
            created++;
        }
        f.start(shared);
        return f;
    }

    /** A delivery view of {@code parent}, which has counted the reference this view holds. */
    DeliveredFrame delivery(LoopLocalFrame parent) {
        DeliveredFrame d;
        if (idleDeliveries != 0) {
            d = deliveries[--idleDeliveries];
        } else {
            d = new DeliveredFrame(this);
            created++;
        }
        return d.start(parent);
    }

    void recycle(DeliveredFrame d) {
        if (Thread.currentThread() != owner) {
            return;
        }
        if (idleDeliveries == deliveries.length) {
            if (deliveries.length >= MAX_DELIVERIES) {
                return;
            }
            deliveries = Arrays.copyOf(deliveries, deliveries.length * 2);
        }
        if (deliveries[idleDeliveries] != d) {
            deliveries[idleDeliveries] = d;
        }
        idleDeliveries++;
    }

    void recycle(LoopLocalFrame f) {
        if (Thread.currentThread() != owner) {
            return;
        }
        if (idleFrames == frames.length) {
            if (frames.length >= MAX_FRAMES) {
                return;
            }
            frames = Arrays.copyOf(frames, frames.length * 2);
        }
        if (frames[idleFrames] != f) {
            frames[idleFrames] = f;
        }
        idleFrames++;
    }

    int idleDeliveries() {
        return idleDeliveries;
    }

    int idleFrames() {
        return idleFrames;
    }
}

package io.switchboard.pubsub;

import io.netty.buffer.ByteBuf;

/**
 * One delivery of a {@link LoopLocalFrame}: what an endpoint writes to its channel. Own reader and writer
 * indexes (a channel advances them on a partial write), its own plain reference count, and one reference
 * on the loop's frame, given back when this count reaches zero.
 *
 * <p>Why pooled (see {@link FramePool}): a fresh object per delivery is a young object stored into old
 * ones, a channel's outbound entry or queue, once per subscriber. With G1 every such store dirties a card
 * that concurrent refinement then rescans to update the young region's remembered set; at 10,000
 * subscribers that refinement took more CPU than the fan-out itself. A recycled view is old, and a
 * delivery allocates nothing. The view keeps its last frame's reference after release (rather than
 * clearing it) so that reusing it within the same batch stores no reference at all: an old-to-old
 * reference store still costs G1 a barrier with a memory fence.
 *
 * <p>Same thread confinement as the frame: retain and release on the batch's event loop only. After the
 * last release the object may be handed out again, so (as with Netty's pooled buffers) nothing may touch
 * it once released.
 */
final class DeliveredFrame extends ReadOnlyFrameView {
    private final FramePool pool;
    /** The frame this view delivers; kept after release (see above), so check {@code refCnt()} first. */
    private LoopLocalFrame parent;

    DeliveredFrame(FramePool pool) {
        this.pool = pool;
    }

    /** Views {@code parent}'s frame; the caller has taken one reference on {@code parent} for it. */
    DeliveredFrame start(LoopLocalFrame parent) {
        if (this.parent != parent) {
            this.parent = parent;
        }
        open(parent);
        return this;
    }

    @Override
    ByteBuf frame() {
        return parent.frame();
    }

    @Override
    void deallocate() {
        LoopLocalFrame p = parent;
        if (pool != null) {
            pool.recycle(this);
        }
        p.release();
    }

    @Override
    public String toString() {
        return "DeliveredFrame(refCnt: " + refCnt() + ", " + (refCnt() > 0 ? parent.frame() : null) + ")";
    }
}

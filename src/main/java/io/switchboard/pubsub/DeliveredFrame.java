package io.switchboard.pubsub;

import io.netty.buffer.ByteBuf;
import io.netty.util.IllegalReferenceCountException;

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
    /** The frame this view delivers; kept after release (see above), so check {@code refCnt} first. */
    private LoopLocalFrame parent;
    private int refCnt;

    DeliveredFrame(FramePool pool) {
        this.pool = pool;
    }

    /** Views {@code parent}'s frame; the caller has taken one reference on {@code parent} for it. */
    DeliveredFrame open(LoopLocalFrame parent) {
        if (this.parent != parent) {
            this.parent = parent;
        }
        resetIndexes(parent.frame());
        refCnt = 1;
        return this;
    }

    @Override
    ByteBuf frame() {
        return parent.frame();
    }

    @Override
    public int refCnt() {
        return refCnt;
    }

    @Override
    public ByteBuf retain() {
        return retain(1);
    }

    @Override
    public ByteBuf retain(int increment) {
        if (increment <= 0) {
            throw new IllegalArgumentException("increment: " + increment);
        }
        if (refCnt <= 0 || refCnt + increment <= 0) {
            throw new IllegalReferenceCountException(refCnt, increment);
        }
        refCnt += increment;
        return this;
    }

    @Override
    public boolean release() {
        return release(1);
    }

    @Override
    public boolean release(int decrement) {
        if (decrement <= 0) {
            throw new IllegalArgumentException("decrement: " + decrement);
        }
        if (refCnt < decrement) {
            throw new IllegalReferenceCountException(refCnt, -decrement);
        }
        refCnt -= decrement;
        if (refCnt == 0) {
            LoopLocalFrame p = parent;
            if (pool != null) {
                pool.recycle(this);
            }
            p.release();
            return true;
        }
        return false;
    }

    @Override
    public String toString() {
        return "DeliveredFrame(refCnt: " + refCnt + ", " + (refCnt > 0 ? parent.frame() : null) + ")";
    }
}

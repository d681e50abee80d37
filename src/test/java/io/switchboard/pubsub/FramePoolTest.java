package io.switchboard.pubsub;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.IllegalReferenceCountException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FramePoolTest {

    private static ByteBuf frame(String text) {
        return LoopLocalFrameTest.frame(text);
    }

    @Test
    void deliveriesAndFramesGoBackToThePoolAndTheSharedFrameIsReleasedOnce() {
        FramePool pool = new FramePool(Thread.currentThread());
        ByteBuf shared = frame("event one");
        LoopLocalFrame f = pool.frame(shared.retain());
        DeliveredFrame a = f.delivery();
        DeliveredFrame b = f.delivery();
        assertEquals(3, f.refCnt(), "the batch's reference and one per delivery");
        assertEquals(2, shared.refCnt(), "one reference for the loop, one for the encoder's owner");
        assertFalse(f.release(), "the batch ends while deliveries are still queued");
        assertTrue(a.release());
        assertEquals(1, pool.idleDeliveries());
        assertEquals(0, pool.idleFrames());
        assertTrue(b.release(), "the last delivery frees the frame");
        assertEquals(2, pool.idleDeliveries());
        assertEquals(1, pool.idleFrames());
        assertEquals(1, shared.refCnt(), "the frame gave its one reference back");
        assertThrows(IllegalReferenceCountException.class, a::release);
        assertThrows(IllegalReferenceCountException.class, f::release);
        shared.release();
        assertEquals(3, pool.created);
    }

    @Test
    void aReusedDeliveryHasFreshIndexesMarksAndContent() {
        FramePool pool = new FramePool(Thread.currentThread());
        ByteBuf first = frame("abcdef");
        LoopLocalFrame f1 = pool.frame(first);
        DeliveredFrame d1 = f1.delivery();
        d1.readerIndex(4);
        d1.markReaderIndex();
        d1.release();
        f1.release();
        assertEquals(0, first.refCnt());

        ByteBuf second = frame("xyz");
        second.readerIndex(1);
        LoopLocalFrame f2 = pool.frame(second);
        assertSame(f1, f2, "the frame object is reused");
        DeliveredFrame d2 = f2.delivery();
        assertSame(d1, d2, "the delivery object is reused");
        assertEquals(1, d2.readerIndex());
        assertEquals("yz", d2.toString(StandardCharsets.US_ASCII), "it reads the new frame, not the old one");
        d2.readByte();
        d2.resetReaderIndex();
        assertEquals(1, d2.readerIndex(), "marks start at the frame's indexes, as on Netty's duplicates, not at the last user's");
        d2.release();
        f2.release();
        assertEquals(0, second.refCnt());
        assertEquals(2, pool.created);
    }

    @Test
    void aReleasedDeliveryRefusesAccess() {
        FramePool pool = new FramePool(Thread.currentThread());
        ByteBuf shared = frame("abc");
        LoopLocalFrame f = pool.frame(shared);
        DeliveredFrame d = f.delivery();
        d.release();
        assertThrows(IllegalReferenceCountException.class, d::readByte);
        assertThrows(IllegalReferenceCountException.class, () -> d.getBytes(0, new byte[1]));
        f.release();
    }

    @Test
    void manyDeliveriesInFlightAreAllDistinctAndAllComeBack() {
        FramePool pool = new FramePool(Thread.currentThread());
        ByteBuf shared = frame("x");
        LoopLocalFrame f = pool.frame(shared);
        int n = 1000;
        DeliveredFrame[] used = new DeliveredFrame[n];
        java.util.Set<DeliveredFrame> distinct = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < n; i++) {
                used[i] = f.delivery();
                assertTrue(distinct.add(used[i]) || round > 0);
            }
            for (int i = 0; i < n; i++) {
                assertEquals(1, used[i].refCnt(), "no view handed out twice");
                used[i].release();
            }
            assertEquals(n, pool.idleDeliveries());
        }
        assertEquals(n + 1, pool.created, "later rounds reuse the first round's views");
        f.release();
        assertEquals(0, shared.refCnt());
    }

    @Test
    void aDeliveryRetainedTwiceNeedsTwoReleases() {
        FramePool pool = new FramePool(Thread.currentThread());
        ByteBuf shared = frame("x");
        LoopLocalFrame f = pool.frame(shared);
        DeliveredFrame d = f.delivery();
        f.release();
        d.retain();
        assertFalse(d.release());
        assertEquals(1, shared.refCnt());
        assertTrue(d.release());
        assertEquals(0, shared.refCnt());
    }

    @Test
    void aReleaseOnAnotherThreadIsNotTakenBack() throws Exception {
        FramePool pool = new FramePool(Thread.currentThread());
        ByteBuf shared = frame("x");
        LoopLocalFrame f = pool.frame(shared);
        DeliveredFrame d = f.delivery();
        f.release();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread other = new Thread(() -> {
            try {
                d.release();
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        other.start();
        other.join();
        assertNull(failure.get());
        assertEquals(0, shared.refCnt(), "the shared frame is still released");
        assertEquals(0, pool.idleDeliveries(), "but the objects are left to the collector");
        assertEquals(0, pool.idleFrames());
    }

    @Test
    void aChannelWritesAndReleasesPooledDeliveries() {
        FramePool pool = new FramePool(Thread.currentThread());
        ByteBuf shared = frame("frame bytes");
        LoopLocalFrame f = pool.frame(shared);
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.writeAndFlush(f.delivery());
        channel.writeAndFlush(f.delivery());
        f.release();
        ByteBuf out1 = channel.readOutbound();
        ByteBuf out2 = channel.readOutbound();
        assertEquals("frame bytes", out1.toString(StandardCharsets.US_ASCII));
        assertEquals("frame bytes", out2.toString(StandardCharsets.US_ASCII));
        out1.release();
        assertEquals(1, shared.refCnt());
        out2.release();
        assertEquals(0, shared.refCnt());
        assertEquals(2, pool.idleDeliveries());
        assertFalse(channel.finish());
    }

    @Test
    void pastTheCapViewsAreNotKeptButStillWork() {
        FramePool pool = new FramePool(Thread.currentThread());
        ByteBuf shared = frame("capped");
        LoopLocalFrame f = pool.frame(shared);
        DeliveredFrame[] used = new DeliveredFrame[FramePool.MAX_DELIVERIES + 1];
        for (int i = 0; i < used.length; i++) {
            used[i] = f.delivery();
        }
        DeliveredFrame extra = used[used.length - 1];
        assertEquals("capped", extra.toString(StandardCharsets.US_ASCII));
        f.release();
        for (DeliveredFrame d : used) {
            d.release();
        }
        assertEquals(FramePool.MAX_DELIVERIES, pool.idleDeliveries(), "the pool keeps at most the cap");
        assertEquals(0, shared.refCnt(), "every view, kept or not, gave its reference back");
    }
}

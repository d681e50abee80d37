package io.switchboard.pubsub;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.IllegalReferenceCountException;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoopLocalFrameTest {

    /** A pooled direct buffer holding {@code text}, standing for an encoded frame (FramePoolTest uses it too). */
    static ByteBuf frame(String text) {
        ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(64);
        b.writeCharSequence(text, StandardCharsets.US_ASCII);
        return b;
    }

    @Test
    void duplicatesCountOnTheViewAndTheSharedFrameIsReleasedOnceAtTheEnd() {
        ByteBuf shared = frame("hello");
        LoopLocalFrame view = new LoopLocalFrame(shared.retain());   // this loop's reference
        ByteBuf a = view.retainedDuplicate();
        ByteBuf b = view.retainedDuplicate();
        assertEquals(3, view.refCnt());
        assertEquals(2, shared.refCnt(), "one reference for the view, one for the encoder's owner");
        assertTrue(view.release() == false);    // the batch ends
        assertFalse(a.release());
        assertTrue(b.release(), "the last duplicate frees the view");
        assertEquals(0, view.refCnt());
        assertEquals(1, shared.refCnt(), "the view gave its one reference back");
        assertThrows(IllegalReferenceCountException.class, view::release);
        assertThrows(IllegalReferenceCountException.class, view::retain);
        shared.release();
    }

    @Test
    void duplicatesHaveTheirOwnIndexesAndCannotWriteTheSharedBytes() {
        ByteBuf shared = frame("abcdef");
        shared.readerIndex(1);
        LoopLocalFrame view = new LoopLocalFrame(shared);
        ByteBuf a = view.retainedDuplicate();
        ByteBuf b = view.retainedDuplicate();
        assertEquals("bcdef", a.readCharSequence(5, StandardCharsets.US_ASCII).toString());
        assertEquals("bcdef", b.toString(StandardCharsets.US_ASCII), "reading a does not move b");
        assertThrows(ReadOnlyBufferException.class, () -> b.setByte(1, 'x'));
        ByteBuffer nio = b.nioBuffer();
        assertTrue(nio.isReadOnly());
        assertEquals(5, nio.remaining());
        assertEquals('b', nio.get(0));
        a.release();
        b.release();
        view.release();
        assertEquals(0, shared.refCnt());
    }

    @Test
    void aChannelWritesAndReleasesTheDuplicates() {
        ByteBuf shared = frame("frame bytes");
        LoopLocalFrame view = new LoopLocalFrame(shared);
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.writeAndFlush(view.retainedDuplicate());
        channel.writeAndFlush(view.retainedDuplicate());
        view.release();
        ByteBuf out1 = channel.readOutbound();
        ByteBuf out2 = channel.readOutbound();
        assertEquals("frame bytes", out1.toString(StandardCharsets.US_ASCII));
        assertEquals("frame bytes", out2.toString(StandardCharsets.US_ASCII));
        out1.release();
        assertEquals(1, shared.refCnt());
        out2.release();
        assertEquals(0, shared.refCnt());
        assertFalse(channel.finish());
    }
}

package io.switchboard.pubsub;

import io.netty.buffer.AbstractByteBuf;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.IllegalReferenceCountException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ReadOnlyBufferException;
import java.nio.channels.FileChannel;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ScatteringByteChannel;

/**
 * One event loop's read-only view of an event's shared encoded frame, with a <b>plain (non-atomic)
 * reference count</b>. A delivery batch takes one reference on the shared frame for its loop and wraps it
 * here; every delivery is a {@code duplicate()} of this view (own indexes, sharing this count), and the
 * channel's release of that duplicate decrements a plain int instead of doing an atomic operation on a
 * buffer every loop shares. When the count reaches zero the shared frame's one reference is released.
 *
 * <p><b>Thread confinement:</b> every retain and release must happen on the batch's event loop. That holds
 * for what the router hands out: deliveries run on the endpoint's {@link SubscriberEndpoint#executor()},
 * and a channel releases what it wrote on its own event loop, which is that executor
 * ({@link ChannelSubscriberEndpoint#executor()}). An endpoint that passes delivered buffers to another
 * thread must copy them (or take {@code encoded(key).copy()}); {@link SubscriberEndpoint#deliver} says so.
 *
 * <p>Content access delegates to the shared frame with the same absolute indexes; nothing here writes to
 * it. NIO views are fresh duplicates, never the frame's internal one, which other loops use concurrently.
 */
final class LoopLocalFrame extends AbstractByteBuf {
    private final ByteBuf frame;
    private int refCnt = 1;

    /** Wraps {@code frame}, taking over one reference the caller already holds on it. */
    LoopLocalFrame(ByteBuf frame) {
        super(frame.capacity());
        this.frame = frame;
        setIndex(frame.readerIndex(), frame.writerIndex());
    }

    // ---- reference counting: plain int, event loop only ----

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
            frame.release();
            return true;
        }
        return false;
    }

    @Override
    public ByteBuf touch() {
        return this;
    }

    @Override
    public ByteBuf touch(Object hint) {
        return this;
    }

    // ---- shape ----

    @Override
    public int capacity() {
        return frame.capacity();
    }

    @Override
    public ByteBuf capacity(int newCapacity) {
        throw new ReadOnlyBufferException();
    }

    @Override
    public boolean isReadOnly() {
        return true;
    }

    @Override
    public ByteBuf asReadOnly() {
        return this;
    }

    @Override
    public ByteBufAllocator alloc() {
        return frame.alloc();
    }

    @Override
    @Deprecated
    public ByteOrder order() {
        return ByteOrder.BIG_ENDIAN;
    }

    @Override
    public ByteBuf unwrap() {
        return null; // not a derived buffer: Netty's duplicates of it must count references here
    }

    @Override
    public boolean isDirect() {
        return frame.isDirect();
    }

    @Override
    public boolean hasArray() {
        return false; // the array would be writable: read through getBytes instead
    }

    @Override
    public byte[] array() {
        throw new ReadOnlyBufferException();
    }

    @Override
    public int arrayOffset() {
        throw new ReadOnlyBufferException();
    }

    @Override
    public boolean hasMemoryAddress() {
        return frame.hasMemoryAddress();
    }

    @Override
    public long memoryAddress() {
        return frame.memoryAddress();
    }

    @Override
    public int nioBufferCount() {
        return frame.nioBufferCount();
    }

    @Override
    public ByteBuffer nioBuffer(int index, int length) {
        return frame.nioBuffer(index, length).asReadOnlyBuffer();
    }

    @Override
    public ByteBuffer internalNioBuffer(int index, int length) {
        return nioBuffer(index, length);
    }

    @Override
    public ByteBuffer[] nioBuffers(int index, int length) {
        ByteBuffer[] views = frame.nioBuffers(index, length);
        for (int i = 0; i < views.length; i++) {
            views[i] = views[i].asReadOnlyBuffer();
        }
        return views;
    }

    @Override
    public ByteBuf copy(int index, int length) {
        return frame.copy(index, length);
    }

    // ---- reads ----

    @Override
    protected byte _getByte(int index) {
        return frame.getByte(index);
    }

    @Override
    protected short _getShort(int index) {
        return frame.getShort(index);
    }

    @Override
    protected short _getShortLE(int index) {
        return frame.getShortLE(index);
    }

    @Override
    protected int _getUnsignedMedium(int index) {
        return frame.getUnsignedMedium(index);
    }

    @Override
    protected int _getUnsignedMediumLE(int index) {
        return frame.getUnsignedMediumLE(index);
    }

    @Override
    protected int _getInt(int index) {
        return frame.getInt(index);
    }

    @Override
    protected int _getIntLE(int index) {
        return frame.getIntLE(index);
    }

    @Override
    protected long _getLong(int index) {
        return frame.getLong(index);
    }

    @Override
    protected long _getLongLE(int index) {
        return frame.getLongLE(index);
    }

    @Override
    public ByteBuf getBytes(int index, ByteBuf dst, int dstIndex, int length) {
        checkIndex(index, length);
        frame.getBytes(index, dst, dstIndex, length);
        return this;
    }

    @Override
    public ByteBuf getBytes(int index, byte[] dst, int dstIndex, int length) {
        checkIndex(index, length);
        frame.getBytes(index, dst, dstIndex, length);
        return this;
    }

    @Override
    public ByteBuf getBytes(int index, ByteBuffer dst) {
        checkIndex(index, dst.remaining());
        frame.getBytes(index, dst);
        return this;
    }

    @Override
    public ByteBuf getBytes(int index, OutputStream out, int length) throws IOException {
        checkIndex(index, length);
        frame.getBytes(index, out, length);
        return this;
    }

    @Override
    public int getBytes(int index, GatheringByteChannel out, int length) throws IOException {
        checkIndex(index, length);
        return out.write(nioBuffer(index, length));
    }

    @Override
    public int getBytes(int index, FileChannel out, long position, int length) throws IOException {
        checkIndex(index, length);
        return out.write(nioBuffer(index, length), position);
    }

    // ---- writes: refused, the frame is shared ----

    @Override
    protected void _setByte(int index, int value) {
        throw new ReadOnlyBufferException();
    }

    @Override
    protected void _setShort(int index, int value) {
        throw new ReadOnlyBufferException();
    }

    @Override
    protected void _setShortLE(int index, int value) {
        throw new ReadOnlyBufferException();
    }

    @Override
    protected void _setMedium(int index, int value) {
        throw new ReadOnlyBufferException();
    }

    @Override
    protected void _setMediumLE(int index, int value) {
        throw new ReadOnlyBufferException();
    }

    @Override
    protected void _setInt(int index, int value) {
        throw new ReadOnlyBufferException();
    }

    @Override
    protected void _setIntLE(int index, int value) {
        throw new ReadOnlyBufferException();
    }

    @Override
    protected void _setLong(int index, long value) {
        throw new ReadOnlyBufferException();
    }

    @Override
    protected void _setLongLE(int index, long value) {
        throw new ReadOnlyBufferException();
    }

    @Override
    public ByteBuf setBytes(int index, ByteBuf src, int srcIndex, int length) {
        throw new ReadOnlyBufferException();
    }

    @Override
    public ByteBuf setBytes(int index, byte[] src, int srcIndex, int length) {
        throw new ReadOnlyBufferException();
    }

    @Override
    public ByteBuf setBytes(int index, ByteBuffer src) {
        throw new ReadOnlyBufferException();
    }

    @Override
    public int setBytes(int index, InputStream in, int length) {
        throw new ReadOnlyBufferException();
    }

    @Override
    public int setBytes(int index, ScatteringByteChannel in, int length) {
        throw new ReadOnlyBufferException();
    }

    @Override
    public int setBytes(int index, FileChannel in, long position, int length) {
        throw new ReadOnlyBufferException();
    }

    @Override
    public ByteBuf discardReadBytes() {
        throw new ReadOnlyBufferException();
    }

    @Override
    public ByteBuf discardSomeReadBytes() {
        throw new ReadOnlyBufferException();
    }

    @Override
    public String toString() {
        return "LoopLocalFrame(refCnt: " + refCnt + ", " + frame + ")";
    }
}

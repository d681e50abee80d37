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
 * A read-only view of an event's shared encoded frame: content reads delegate to the frame with the same
 * absolute indexes, writes are refused, NIO views are fresh read-only duplicates (never the frame's
 * internal one, which other event loops use concurrently). Subclasses say where the frame is
 * ({@link #frame()}) and what happens when the last reference goes ({@link #deallocate()});
 * {@link #open} gives a (possibly recycled) view the frame's indexes and a count of 1.
 *
 * <p>The reference count is a plain int: every retain and release happens on one event loop (see
 * {@link LoopLocalFrame}), so no atomic operation is needed.
 */
abstract class ReadOnlyFrameView extends AbstractByteBuf {
    private int refCnt;
    /** The frame's capacity, copied at {@link #open}: the shared frame is never resized. */
    private int capacity;

    ReadOnlyFrameView() {
        super(0);
    }

    /** The shared frame this view reads. */
    abstract ByteBuf frame();

    /** Called once, when the count reaches zero. */
    abstract void deallocate();

    /**
     * Starts a (possibly recycled) view of {@code shared}: the indexes of a fresh duplicate (its reader and
     * writer index, marked, as Netty's own duplicates are) and a count of 1. Kept small on purpose: it is
     * inlined into every delivery.
     */
    final void open(ByteBuf shared) {
        open(shared.capacity(), shared.readerIndex(), shared.writerIndex());
    }

    /** As {@link #open(ByteBuf)}, from another view of the same frame (no call into the shared buffer). */
    final void open(ReadOnlyFrameView sameFrame) {
        open(sameFrame.capacity, sameFrame.readerIndex(), sameFrame.writerIndex());
    }

    private void open(int capacity, int readerIndex, int writerIndex) {
        this.capacity = capacity;
        maxCapacity(capacity);
        setIndex(readerIndex, writerIndex);
        markReaderIndex();
        markWriterIndex();
        refCnt = 1;
    }

    // ---- reference counting: plain int, one event loop only ----

    @Override
    public final int refCnt() {
        return refCnt;
    }

    @Override
    public final ByteBuf retain() {
        return retain(1);
    }

    @Override
    public final ByteBuf retain(int increment) {
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
    public final boolean release() {
        return release(1);
    }

    @Override
    public final boolean release(int decrement) {
        if (decrement <= 0) {
            throw new IllegalArgumentException("decrement: " + decrement);
        }
        if (refCnt < decrement) {
            throw new IllegalReferenceCountException(refCnt, -decrement);
        }
        refCnt -= decrement;
        if (refCnt == 0) {
            deallocate();
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
    public final int capacity() {
        return capacity;
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
        return frame().alloc();
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
        return frame().isDirect();
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
        return frame().hasMemoryAddress();
    }

    @Override
    public long memoryAddress() {
        return frame().memoryAddress();
    }

    @Override
    public int nioBufferCount() {
        return frame().nioBufferCount();
    }

    @Override
    public ByteBuffer nioBuffer(int index, int length) {
        return frame().nioBuffer(index, length).asReadOnlyBuffer();
    }

    @Override
    public ByteBuffer internalNioBuffer(int index, int length) {
        return nioBuffer(index, length);
    }

    @Override
    public ByteBuffer[] nioBuffers(int index, int length) {
        ByteBuffer[] views = frame().nioBuffers(index, length);
        for (int i = 0; i < views.length; i++) {
            views[i] = views[i].asReadOnlyBuffer();
        }
        return views;
    }

    @Override
    public ByteBuf copy(int index, int length) {
        return frame().copy(index, length);
    }

    // ---- reads ----

    @Override
    protected byte _getByte(int index) {
        return frame().getByte(index);
    }

    @Override
    protected short _getShort(int index) {
        return frame().getShort(index);
    }

    @Override
    protected short _getShortLE(int index) {
        return frame().getShortLE(index);
    }

    @Override
    protected int _getUnsignedMedium(int index) {
        return frame().getUnsignedMedium(index);
    }

    @Override
    protected int _getUnsignedMediumLE(int index) {
        return frame().getUnsignedMediumLE(index);
    }

    @Override
    protected int _getInt(int index) {
        return frame().getInt(index);
    }

    @Override
    protected int _getIntLE(int index) {
        return frame().getIntLE(index);
    }

    @Override
    protected long _getLong(int index) {
        return frame().getLong(index);
    }

    @Override
    protected long _getLongLE(int index) {
        return frame().getLongLE(index);
    }

    @Override
    public ByteBuf getBytes(int index, ByteBuf dst, int dstIndex, int length) {
        checkIndex(index, length);
        frame().getBytes(index, dst, dstIndex, length);
        return this;
    }

    @Override
    public ByteBuf getBytes(int index, byte[] dst, int dstIndex, int length) {
        checkIndex(index, length);
        frame().getBytes(index, dst, dstIndex, length);
        return this;
    }

    @Override
    public ByteBuf getBytes(int index, ByteBuffer dst) {
        checkIndex(index, dst.remaining());
        frame().getBytes(index, dst);
        return this;
    }

    @Override
    public ByteBuf getBytes(int index, OutputStream out, int length) throws IOException {
        checkIndex(index, length);
        frame().getBytes(index, out, length);
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

}

package io.switchboard.ftp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.stream.ChunkedInput;
import io.netty.handler.stream.ChunkedWriteHandler;

import java.util.concurrent.TimeUnit;

/**
 * A download's chunks, paced by a {@link DataThrottle}. While the throttle says wait, the next chunk
 * is "not ready yet" (null): {@link ChunkedWriteHandler} stops pulling, and a task scheduled on the
 * channel's event loop for the end of the wait calls {@link ChunkedWriteHandler#resumeTransfer()}.
 * No thread sleeps.
 */
final class ThrottledChunkedInput implements ChunkedInput<ByteBuf> {
    private final ChunkedInput<ByteBuf> in;
    private final DataThrottle throttle;
    private final Channel channel;
    private long readyAt = System.nanoTime();
    private boolean resumeScheduled;

    ThrottledChunkedInput(ChunkedInput<ByteBuf> in, DataThrottle throttle, Channel channel) {
        this.in = in;
        this.throttle = throttle;
        this.channel = channel;
    }

    @Override
    public boolean isEndOfInput() throws Exception {
        return in.isEndOfInput();
    }

    @Override
    public void close() throws Exception {
        in.close();
    }

    @Deprecated
    @Override
    public ByteBuf readChunk(ChannelHandlerContext ctx) throws Exception {
        return readChunk(ctx.alloc());
    }

    @Override
    public ByteBuf readChunk(ByteBufAllocator allocator) throws Exception {
        long wait = readyAt - System.nanoTime();
        if (wait > 0) {
            resumeIn(wait);
            return null;
        }
        ByteBuf chunk = in.readChunk(allocator);
        if (chunk != null) {
            long delay = throttle.delayAfter(chunk.readableBytes());
            readyAt = System.nanoTime() + delay;
        }
        return chunk;
    }

    private void resumeIn(long nanos) {
        if (resumeScheduled) return;
        resumeScheduled = true;
        channel.eventLoop().schedule(() -> {
            resumeScheduled = false;
            ChunkedWriteHandler chunked = channel.pipeline().get(ChunkedWriteHandler.class);
            if (chunked != null) chunked.resumeTransfer();
        }, nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public long length() {
        return in.length();
    }

    @Override
    public long progress() {
        return in.progress();
    }
}

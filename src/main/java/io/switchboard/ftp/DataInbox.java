package io.switchboard.ftp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;

import java.util.ArrayDeque;

/**
 * The last handler of a data connection. A client may connect, send a whole small file and close
 * before the server has even read the STOR command, so what arrives before the transfer is
 * attached is held (bytes bounded: reading pauses past {@link #MAX_BUFFERED}; the end of the
 * stream; the first error) and replayed in order to the {@link Sink}; after that events go
 * straight to it. (Not a pipeline handler of the transfer's own: a handler added to an already
 * closed channel never sees its events.)
 */
final class DataInbox extends ChannelInboundHandlerAdapter {
    static final int MAX_BUFFERED = 256 * 1024;

    /** What a transfer hears from its data connection; called on the data channel's event loop. */
    interface Sink {
        void data(Channel ch, ByteBuf buf);

        /** The stream ended; {@code clean} false after a reset, an error or an idle timeout. */
        void ended(boolean clean);
    }

    private final Channel channel;
    private final ArrayDeque<ByteBuf> held = new ArrayDeque<>();
    private int buffered;
    private Sink sink;
    private boolean ended;
    private boolean broken;
    private boolean closeNotified;

    DataInbox(Channel channel) {
        this.channel = channel;
    }

    Channel channel() {
        return channel;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (sink != null) {
            sink.data(ctx.channel(), buf);
            return;
        }
        held.add(buf);
        buffered += buf.readableBytes();
        if (buffered > MAX_BUFFERED) ctx.channel().config().setAutoRead(false);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        end();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // after the peer's TLS close_notify the stream ended cleanly: a reset while we answer it is no error
        if (!closeNotified) broken = true;
        ctx.close();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslCloseCompletionEvent e && e.isSuccess()) closeNotified = true;
        if (evt instanceof IdleStateEvent) {
            broken = true;
            ctx.close();
        }
        ctx.fireUserEventTriggered(evt);
    }

    private void end() {
        if (ended) return;
        ended = true;
        if (sink != null) sink.ended(!broken);
    }

    /** Hands the connection to its transfer and replays what was held (call on the channel's loop). */
    void attach(Sink s) {
        sink = s;
        boolean replayed = !held.isEmpty();
        for (ByteBuf b; (b = held.poll()) != null; ) s.data(channel, b);
        buffered = 0;
        if (ended) s.ended(!broken);
        else if (!replayed) channel.config().setAutoRead(true);
    }

    /**
     * Releases held bytes of a connection no transfer will take. (Not in handlerRemoved: Netty
     * empties the pipeline of a closed channel, and a small upload may be whole and closed before
     * its transfer attaches.)
     */
    void discard() {
        if (sink == null) for (ByteBuf b; (b = held.poll()) != null; ) b.release();
    }
}

package io.switchboard.ftp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.util.ReferenceCountUtil;

import java.util.ArrayDeque;

/**
 * Holds what a data connection receives before its transfer is attached: a client may connect,
 * send a whole small file and close before the server has even read the STOR command. Bytes
 * (bounded: reading pauses past {@link #MAX_BUFFERED}), the end of the stream and errors are kept
 * and replayed, in order, to the transfer's handler; after that everything passes straight through.
 */
final class DataInbox extends ChannelInboundHandlerAdapter {
    static final int MAX_BUFFERED = 256 * 1024;

    private final ArrayDeque<Object> held = new ArrayDeque<>();
    private int buffered;
    private boolean attached;
    private boolean inactive;
    private Throwable error;
    private boolean closeNotified;
    private ChannelHandlerContext ctx;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (attached) {
            ctx.fireChannelRead(msg);
            return;
        }
        held.add(msg);
        if (msg instanceof ByteBuf b) buffered += b.readableBytes();
        if (buffered > MAX_BUFFERED) ctx.channel().config().setAutoRead(false);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (attached) ctx.fireChannelInactive();
        else inactive = true;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // after the peer's TLS close_notify the stream ended cleanly: a reset while we answer it is no error
        if (closeNotified) return;
        if (attached) ctx.fireExceptionCaught(cause);
        else if (error == null) error = cause;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslCloseCompletionEvent e && e.isSuccess()) closeNotified = true;
        ctx.fireUserEventTriggered(evt);
    }

    /** Adds the transfer's handler after this one and replays what was held (on the channel's loop). */
    void attach(ChannelHandler handler) {
        ctx.pipeline().addLast(handler);
        attached = true;
        boolean replayed = !held.isEmpty();
        for (Object m; (m = held.poll()) != null; ) ctx.fireChannelRead(m);
        buffered = 0;
        if (error != null) ctx.fireExceptionCaught(error);
        if (inactive) ctx.fireChannelInactive();
        else if (!replayed) ctx.channel().config().setAutoRead(true);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        for (Object m; (m = held.poll()) != null; ) ReferenceCountUtil.release(m);
    }
}

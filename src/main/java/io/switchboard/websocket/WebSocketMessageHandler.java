package io.switchboard.websocket;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base of every WebSocket endpoint handler: answers pings, completes the close handshake, sends
 * keep-alive pings, closes silent peers, maps codec failures to close codes (1009 too big, 1007
 * bad UTF-8, 1002 protocol error) and hands whole text or binary messages to the subclass.
 */
public abstract class WebSocketMessageHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(WebSocketMessageHandler.class);
    /** A ping went out after a quiet period and nothing has come back yet. */
    private boolean awaitingPong;

    @Override
    public final void channelRead(ChannelHandlerContext ctx, Object msg) {
        awaitingPong = false; // any frame, pongs included, shows the peer is alive
        if (!(msg instanceof WebSocketFrame frame)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        try {
            if (frame instanceof TextWebSocketFrame text) {
                onText(ctx, text.text());
            } else if (frame instanceof BinaryWebSocketFrame bin) {
                onBinary(ctx, bin.content());
            } else if (frame instanceof PingWebSocketFrame) {
                ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
            } else if (frame instanceof CloseWebSocketFrame close) {
                // RFC 6455 section 5.5.1: echo the close, then end the TCP connection; no data frame may
                // follow the echo, so the subclass stops its own writes first
                onPeerClose(ctx);
                ctx.writeAndFlush(new CloseWebSocketFrame(close.statusCode() < 0 ? 1000 : close.statusCode(), ""))
                        .addListener(ChannelFutureListener.CLOSE);
            }
            // pongs only count as traffic for the idle check
        } finally {
            frame.release();
        }
    }

    /**
     * The peer sent a Close frame; the echo goes out right after this returns and the connection then
     * ends. Subclasses that push messages stop here: nothing may be written after the echo. Default:
     * nothing.
     */
    protected void onPeerClose(ChannelHandlerContext ctx) {
    }

    /** A whole text message (already UTF-8 validated). */
    protected abstract void onText(ChannelHandlerContext ctx, String text);

    /** A whole binary message; the buffer is released after the call. Default: refused with 1003. */
    protected void onBinary(ChannelHandlerContext ctx, ByteBuf data) {
        close(ctx, WebSocketCloseStatus.INVALID_MESSAGE_TYPE.code(), "binary messages are not accepted here");
    }

    /** Sends a close frame with code and reason, then closes the channel. */
    public static void close(ChannelHandlerContext ctx, int code, String reason) {
        if (!ctx.channel().isActive()) return;
        ctx.writeAndFlush(new CloseWebSocketFrame(code, reason)).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent idle) {
            // Liveness follows what the peer sends, not what we send: a subscriber busy receiving
            // still gets pinged after a quiet period of its own, and is closed only if it then
            // stays silent for another period.
            if (idle.state() == IdleState.READER_IDLE) {
                if (awaitingPong) {
                    close(ctx, WebSocketCloseStatus.POLICY_VIOLATION.code(), "no answer to ping");
                } else {
                    awaitingPong = true;
                    ctx.writeAndFlush(new PingWebSocketFrame());
                }
            }
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            close(ctx, WebSocketCloseStatus.MESSAGE_TOO_BIG.code(), "message too big");
        } else if (cause instanceof CorruptedWebSocketFrameException c) {
            close(ctx, c.closeStatus() == null ? 1002 : c.closeStatus().code(), c.getMessage() == null ? "protocol error" : truncate(c.getMessage()));
        } else if (cause instanceof CorruptedFrameException) {
            close(ctx, WebSocketCloseStatus.PROTOCOL_ERROR.code(), "protocol error");
        } else {
            if (!(cause instanceof java.io.IOException)) log.warn("websocket handler failed", cause);
            ctx.close();
        }
    }

    private static String truncate(String s) {
        // a close reason must fit in a control frame (123 bytes)
        return s.length() > 100 ? s.substring(0, 100) : s;
    }
}

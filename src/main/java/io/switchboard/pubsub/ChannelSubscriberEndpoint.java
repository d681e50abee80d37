package io.switchboard.pubsub;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.VoidChannelPromise;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A {@link SubscriberEndpoint} for one Netty {@link Channel} (a WebSocket connection after its handshake).
 *
 * <p>Each delivery writes {@code event.retainedDuplicate(key)} (a complete pre-encoded WebSocket
 * frame, see {@link PreEncodedFrames}) with a void promise and no flush; the batch flushes once.
 * While the channel is not writable (Netty's write-buffer high-water mark), messages wait in this
 * endpoint's backlog, at most {@code outboundLimit} of them ({@code ws.outbound.limit}); the backlog is
 * written as soon as the channel is writable again. When the backlog is full the
 * {@link SlowConsumerPolicy} applies: drop the message, or close the connection with 1008. Other
 * connections never wait for this one: a full backlog costs its own event loop one comparison.
 *
 * <p>Wiring: add {@link #handler()} to the pipeline (it forwards writability changes and ends all
 * subscriptions when the channel closes), or call {@link #writabilityChanged()} and {@link #closed()}
 * from your own handler. Everything runs on the channel's event loop.
 *
 * <p>Hooks: override {@link #outboundMessage} for connections that negotiated permessage-deflate (write a
 * {@code TextWebSocketFrame} of the payload-only encoding so the compression encoder sees it), and
 * {@link #closeSlowConsumer()} to change how a slow connection is closed.
 */
public class ChannelSubscriberEndpoint implements SubscriberEndpoint {
    /** Time a slow consumer gets to receive the 1008 close frame before the channel is closed anyway. */
    public static final long SLOW_CLOSE_GRACE_MILLIS = 1000;
    /** Pipeline name of the WebSocket frame encoder Netty's server handshakers install. */
    static final String FRAME_ENCODER_NAME = "wsencoder";

    protected final Channel channel;
    private final TopicRouter router;
    private final int outboundLimit;
    private final SlowConsumerPolicy policy;
    /**
     * Messages waiting for writability; created on first use. Most connections never need one: not
     * allocating it saves about 110 bytes per connection, and a delivery then reads no second object.
     */
    private ArrayDeque<Object> backlog;
    /**
     * A void promise that does not fire exceptionCaught when a write fails: writes fail only because the
     * channel closed, and a closed connection with a full buffer would otherwise log one warning per
     * message. Closing is handled through {@link #closed()}.
     */
    private final VoidChannelPromise quietVoidPromise;
    /**
     * Where pre-encoded frames enter the pipeline: the context of Netty's WebSocket frame encoder, so a
     * {@code ByteBuf} frame goes straight on to the transport instead of passing every handler between the
     * tail and the encoder (none of which acts on a ready frame). Null until found.
     */
    private ChannelHandlerContext frameWriter;
    private int frameWriterLookups;
    private boolean unflushed;
    private boolean closing;
    private long delivered;
    private long dropped;

    public ChannelSubscriberEndpoint(TopicRouter router, Channel channel, int outboundLimit, SlowConsumerPolicy policy) {
        if (outboundLimit < 0) {
            throw new IllegalArgumentException("outboundLimit < 0");
        }
        this.router = Objects.requireNonNull(router, "router");
        this.channel = Objects.requireNonNull(channel, "channel");
        this.outboundLimit = outboundLimit;
        this.policy = Objects.requireNonNull(policy, "policy");
        this.quietVoidPromise = new VoidChannelPromise(channel, false);
    }

    @Override
    public final EventExecutor executor() {
        return channel.eventLoop();
    }

    public Channel channel() {
        return channel;
    }

    @Override
    public boolean deliver(RoutedEvent event, Subscription subscription) {
        if (closing) {
            return false;
        }
        ArrayDeque<Object> waiting = backlog;
        if ((waiting == null || waiting.isEmpty()) && channel.isWritable()) {
            write(outboundMessage(event, subscription));
            unflushed = true;
            delivered++;
            return true;
        }
        if (!channel.isActive()) {
            return false;
        }
        if (waiting == null) {
            backlog = waiting = new ArrayDeque<>();
        }
        if (waiting.size() < outboundLimit) {
            waiting.add(outboundMessage(event, subscription));
            delivered++;
            return true;
        }
        return slowConsumer();
    }

    /**
     * The message written for one delivery; the default is a retained duplicate of the shared pre-encoded
     * frame. Connections with permessage-deflate override this to return
     * {@code new TextWebSocketFrame(event.retainedDuplicate(payloadOnlyKey))}.
     */
    protected Object outboundMessage(RoutedEvent event, Subscription subscription) {
        return event.retainedDuplicate(subscription.encodingKey());
    }

    @Override
    public void flush() {
        if (backlog != null && !backlog.isEmpty()) {
            writeBacklog();
        }
        if (unflushed) {
            unflushed = false;
            flushChannel();
        }
    }

    /** Writes the backlog while the channel stays writable; call from {@code channelWritabilityChanged}. */
    public void writabilityChanged() {
        if (backlog != null && !backlog.isEmpty()) {
            writeBacklog();
            if (unflushed) {
                unflushed = false;
                flushChannel();
            }
        }
    }

    private void writeBacklog() {
        Object msg;
        while (channel.isWritable() && (msg = backlog.poll()) != null) {
            write(msg);
            unflushed = true;
        }
    }

    /**
     * Writes one outbound message without flushing. Complete frames ({@code ByteBuf}s) enter at the frame
     * encoder when there is one; anything else (a {@code TextWebSocketFrame} for permessage-deflate) takes
     * the whole pipeline. Both paths are synchronous down to the transport, so order is kept.
     */
    private void write(Object msg) {
        if (msg instanceof io.netty.buffer.ByteBuf) {
            ChannelHandlerContext ctx = frameWriter();
            if (ctx != null) {
                ctx.write(msg, quietVoidPromise);
                return;
            }
        }
        channel.write(msg, quietVoidPromise);
    }

    private void flushChannel() {
        ChannelHandlerContext ctx = frameWriter();
        if (ctx != null) {
            ctx.flush(); // flushes the channel's whole outbound buffer, whichever path each write took
        } else {
            channel.flush();
        }
    }

    /** The frame encoder's context ("wsencoder", the name Netty's server handshakers give it), or null. */
    private ChannelHandlerContext frameWriter() {
        ChannelHandlerContext ctx = frameWriter;
        if (ctx != null && !ctx.isRemoved()) {
            return ctx;
        }
        if (ctx != null || frameWriterLookups >= 3) {
            return null; // removed (closing), or not a WebSocket pipeline: the plain channel path
        }
        frameWriterLookups++;
        frameWriter = ctx = channel.pipeline().context(FRAME_ENCODER_NAME);
        return ctx;
    }

    /**
     * The peer started the WebSocket close handshake: from now on nothing is written (RFC 6455 section
     * 5.5.1: no data frame after the Close echo) and {@link #deliver} returns false. The subscriptions
     * end in {@link #closed()}, when the channel is gone. Event loop only.
     */
    public void peerClosing() {
        closing = true;
        releaseBacklog();
    }

    /** The channel closed: ends every subscription and releases the backlog. */
    public void closed() {
        closing = true;
        router.unsubscribeAll(this);
        releaseBacklog();
    }

    private boolean slowConsumer() {
        if (policy == SlowConsumerPolicy.DROP) {
            dropped++;
            router.stats().recordDropped();
            return false;
        }
        closing = true;
        router.stats().recordClosedSlow();
        router.unsubscribeAll(this);
        releaseBacklog();
        closeSlowConsumer();
        return false;
    }

    /**
     * Closes a connection whose backlog is full: a 1008 close frame (RFC 6455 section 7.4.1, policy
     * violation), then the channel, at the latest {@link #SLOW_CLOSE_GRACE_MILLIS} later since a client
     * that does not read may never receive the frame.
     */
    protected void closeSlowConsumer() {
        channel.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.POLICY_VIOLATION, "slow consumer"))
                .addListener(ChannelFutureListener.CLOSE);
        channel.eventLoop().schedule(() -> channel.close(), SLOW_CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void releaseBacklog() {
        if (backlog == null) {
            return;
        }
        Object msg;
        while ((msg = backlog.poll()) != null) {
            ReferenceCountUtil.release(msg);
        }
    }

    /** Messages this connection accepted (written or queued). Event loop only. */
    public long deliveredCount() {
        return delivered;
    }

    /** Messages dropped because the backlog was full. Event loop only. */
    public long droppedCount() {
        return dropped;
    }

    /** Messages waiting for the channel to become writable. Event loop only. */
    public int backlogSize() {
        return backlog == null ? 0 : backlog.size();
    }

    public boolean isClosing() {
        return closing;
    }

    /** A handler to add to the channel's pipeline; forwards writability and close events to this endpoint. */
    public ChannelHandler handler() {
        return new LifecycleHandler();
    }

    @Override
    public String toString() {
        return "ChannelSubscriberEndpoint[" + channel + "]";
    }

    private final class LifecycleHandler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
            writabilityChanged();
            super.channelWritabilityChanged(ctx);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            closed();
            super.channelInactive(ctx);
        }
    }
}

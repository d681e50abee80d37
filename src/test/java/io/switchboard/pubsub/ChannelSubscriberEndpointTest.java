package io.switchboard.pubsub;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameEncoder;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChannelSubscriberEndpointTest {
    /** Encodes the payload as a complete WebSocket text frame, as the dialect encoders will. */
    private static final EventEncoder FRAME = (event, key) ->
            PreEncodedFrames.text(ByteBufAllocator.DEFAULT, "{\"seq\":" + event.seq() + ",\"data\":\"" + event.payload() + "\"}");

    private final List<ByteBuf> encoded = new ArrayList<>();
    private TopicRouter router;
    private EncodingKey key;
    private EmbeddedChannel channel;
    private int flushes;

    @BeforeAll
    static void paranoidLeakDetection() {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    @BeforeEach
    void setUp() {
        router = new TopicRouter();
        key = EncodingKey.of((event, k) -> {
            ByteBuf b = FRAME.encode(event, k);
            encoded.add(b);
            return b;
        });
        channel = new EmbeddedChannel(new ChannelOutboundHandlerAdapter() {
            @Override
            public void flush(ChannelHandlerContext ctx) {
                flushes++;
                ctx.flush();
            }
        });
    }

    @AfterEach
    void everyBufferReleased() {
        Object msg;
        while ((msg = channel.readOutbound()) != null) {
            io.netty.util.ReferenceCountUtil.release(msg);
        }
        channel.finishAndReleaseAll();
        for (ByteBuf b : encoded) {
            assertEquals(0, b.refCnt(), "encoded frame leaked");
        }
    }

    private ChannelSubscriberEndpoint endpoint(int limit, SlowConsumerPolicy policy) {
        ChannelSubscriberEndpoint ep = new ChannelSubscriberEndpoint(router, channel, limit, policy);
        channel.pipeline().addLast(ep.handler());
        return ep;
    }

    private void publish(String payload) {
        router.publish("posts", payload);
        channel.runPendingTasks();
    }

    private void setWritable(boolean writable) {
        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, writable);
        channel.runPendingTasks();
    }

    private List<String> readFrames() {
        // Decode what was written with a client-side frame decoder: proves the bytes are valid frames.
        EmbeddedChannel client = new EmbeddedChannel(new WebSocket08FrameDecoder(false, false, 1 << 20));
        List<String> texts = new ArrayList<>();
        Object msg;
        while ((msg = channel.readOutbound()) != null) {
            client.writeInbound(msg);
            TextWebSocketFrame frame;
            while ((frame = client.readInbound()) != null) {
                texts.add(frame.text());
                frame.release();
            }
        }
        client.finishAndReleaseAll();
        return texts;
    }

    @Test
    void writesTheSharedFrameToTheChannelAndFlushesOncePerBatch() {
        ChannelSubscriberEndpoint ep = endpoint(16, SlowConsumerPolicy.CLOSE);
        router.subscribe("posts", ep, null, key);
        router.subscribe("posts", ep, e -> true, key);
        flushes = 0;
        publish("a");
        assertEquals(1, flushes);
        assertEquals(List.of("{\"seq\":1,\"data\":\"a\"}", "{\"seq\":1,\"data\":\"a\"}"), readFrames());
        assertEquals(1, encoded.size());
        assertEquals(2, ep.deliveredCount());
        assertEquals(2, router.stats().delivered());
    }

    @Test
    void rawFramesPassThroughNettysWebSocketEncoderUntouched() {
        channel.pipeline().addLast(new WebSocket08FrameEncoder(false));
        ChannelSubscriberEndpoint ep = endpoint(16, SlowConsumerPolicy.CLOSE);
        router.subscribe("posts", ep, null, key);
        publish("a");
        assertEquals(List.of("{\"seq\":1,\"data\":\"a\"}"), readFrames());
    }

    /**
     * Pre-encoded frames enter at Netty's frame encoder ("wsencoder"), skipping the handlers behind it;
     * frames that need the pipeline (a reply, a deflate frame) still pass them, and the order holds.
     */
    @Test
    void readyFramesSkipTheHandlersBehindTheFrameEncoderAndKeepTheirOrder() {
        List<String> seenBehindEncoder = new ArrayList<>();
        channel.pipeline().addLast(ChannelSubscriberEndpoint.FRAME_ENCODER_NAME, new WebSocket08FrameEncoder(false));
        channel.pipeline().addLast("behind", new ChannelOutboundHandlerAdapter() {
            @Override
            public void write(ChannelHandlerContext ctx, Object msg, io.netty.channel.ChannelPromise promise) {
                seenBehindEncoder.add(msg.getClass().getSimpleName());
                ctx.write(msg, promise);
            }
        });
        ChannelSubscriberEndpoint ep = endpoint(16, SlowConsumerPolicy.CLOSE);
        router.subscribe("posts", ep, null, key);
        publish("a");
        channel.writeAndFlush(new TextWebSocketFrame("reply"));
        publish("b");
        assertEquals(List.of("TextWebSocketFrame"), seenBehindEncoder);
        assertEquals(List.of("{\"seq\":1,\"data\":\"a\"}", "reply", "{\"seq\":2,\"data\":\"b\"}"), readFrames());
    }

    @Test
    void queuesWhileUnwritableAndWritesInOrderWhenWritableAgain() {
        ChannelSubscriberEndpoint ep = endpoint(16, SlowConsumerPolicy.CLOSE);
        router.subscribe("posts", ep, null, key);
        publish("1");
        setWritable(false);
        publish("2");
        publish("3");
        assertEquals(2, ep.backlogSize());
        setWritable(true);
        assertEquals(0, ep.backlogSize());
        publish("4");
        assertEquals(List.of("1", "2", "3", "4"), readFrames().stream().map(t -> t.replaceAll(".*\"data\":\"(\\d)\".*", "$1")).toList());
    }

    @Test
    void dropPolicyDropsPastTheLimitAndCountsIt() {
        ChannelSubscriberEndpoint ep = endpoint(3, SlowConsumerPolicy.DROP);
        Subscription s = router.subscribe("posts", ep, null, key);
        setWritable(false);
        for (int i = 1; i <= 5; i++) {
            publish(String.valueOf(i));
        }
        assertEquals(3, ep.backlogSize());
        assertEquals(2, ep.droppedCount());
        assertEquals(2, router.stats().dropped());
        assertEquals(3, router.stats().delivered());
        assertTrue(s.isActive());
        setWritable(true);
        publish("6");
        List<String> frames = readFrames();
        assertEquals(4, frames.size());
        assertTrue(frames.get(2).startsWith("{\"seq\":3,"));
        assertTrue(frames.get(3).startsWith("{\"seq\":6,"), "the client sees the gap in seq");
        assertTrue(channel.isOpen());
    }

    @Test
    void closePolicyClosesWith1008AndEndsTheSubscriptions() {
        ChannelSubscriberEndpoint ep = endpoint(2, SlowConsumerPolicy.CLOSE);
        Subscription s = router.subscribe("posts", ep, null, key);
        Subscription other = router.subscribe("users", ep, null, key);
        setWritable(false);
        publish("1");
        publish("2");
        publish("3");
        assertEquals(1, router.stats().closedSlow());
        assertEquals(0, router.stats().dropped());
        assertFalse(s.isActive());
        assertFalse(other.isActive());
        assertTrue(ep.isClosing());
        assertEquals(0, ep.backlogSize(), "backlog released");
        CloseWebSocketFrame close = channel.readOutbound();
        assertEquals(1008, close.statusCode());
        close.release();
        assertFalse(channel.isOpen());
        publish("4");
        assertNull(channel.readOutbound());
    }

    @Test
    void closingTheChannelEndsSubscriptionsAndReleasesTheBacklog() {
        ChannelSubscriberEndpoint ep = endpoint(16, SlowConsumerPolicy.CLOSE);
        Subscription s = router.subscribe("posts", ep, null, key);
        setWritable(false);
        publish("1");
        assertEquals(1, ep.backlogSize());
        channel.close();
        channel.runPendingTasks();
        assertFalse(s.isActive());
        assertEquals(0, ep.backlogSize());
        assertEquals(0, router.stats().subscriptions());
    }

    @Test
    void afterThePeersCloseFrameNothingIsWrittenAndTheBacklogIsReleased() {
        ChannelSubscriberEndpoint ep = endpoint(16, SlowConsumerPolicy.CLOSE);
        Subscription s = router.subscribe("posts", ep, null, key);
        publish("before");
        assertEquals(List.of("{\"seq\":1,\"data\":\"before\"}"), readFrames());
        setWritable(false);
        publish("queued");
        assertEquals(1, ep.backlogSize());
        ep.peerClosing();
        assertEquals(0, ep.backlogSize(), "what was waiting is let go, not written after the echo");
        setWritable(true);
        publish("after");
        assertNull(channel.readOutbound(), "no data frame after the close handshake began");
        assertTrue(ep.isClosing());
        assertTrue(s.isActive(), "the subscription ends when the channel closes, not before");
        channel.close();
        channel.runPendingTasks();
        assertFalse(s.isActive());
    }

    @Test
    void deflateConnectionsCanWriteTextFramesThroughTheHook() {
        EncodingKey payloadOnly = EncodingKey.of((event, k) -> {
            ByteBuf b = ByteBufAllocator.DEFAULT.buffer();
            b.writeCharSequence("{\"seq\":" + event.seq() + "}", StandardCharsets.UTF_8);
            encoded.add(b);
            return b;
        });
        ChannelSubscriberEndpoint ep = new ChannelSubscriberEndpoint(router, channel, 16, SlowConsumerPolicy.CLOSE) {
            @Override
            protected Object outboundMessage(RoutedEvent event, Subscription subscription) {
                return new TextWebSocketFrame(event.encoded(subscription.encodingKey()).retainedDuplicate());
            }
        };
        router.subscribe("posts", ep, null, payloadOnly);
        publish("a");
        TextWebSocketFrame frame = assertInstanceOf(TextWebSocketFrame.class, channel.readOutbound());
        assertEquals("{\"seq\":1}", frame.text());
        frame.release();
    }
}

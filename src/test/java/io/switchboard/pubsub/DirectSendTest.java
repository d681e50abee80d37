package io.switchboard.pubsub;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameEncoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The epoll fast path of {@link ChannelSubscriberEndpoint} (frames handed straight to the socket) on real
 * sockets: every frame arrives whole and in order, also when the socket takes only part of a frame and the
 * rest goes through the pipeline; every shared frame is released; and a pipeline with an outbound handler
 * in front of the frame encoder (TLS, say) never gets bypassed.
 */
class DirectSendTest {
    private static final int EVENTS = 2_000;
    private static final String PADDING = "x".repeat(3_000);

    private EventLoopGroup group;
    private final List<ByteBuf> encoded = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startLoops() {
        assertTrue(Epoll.isAvailable(), "the epoll transport is needed (netty-transport-native-epoll for this platform): "
                + Epoll.unavailabilityCause());
        group = new MultiThreadIoEventLoopGroup(2, EpollIoHandler.newFactory());
    }

    @AfterEach
    void stopLoops() {
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    @Timeout(60)
    void framesGoStraightToTheSocketWholeAndInOrderEvenWhenItIsFull() throws Exception {
        Result r = run(false);
        assertEquals(0, r.outOfOrder, "frames out of order or damaged");
        assertTrue(r.directSends > 0, "the fast path was never taken");
        assertTrue(r.directSends < EVENTS, "a reader that waits fills the socket: some frames must take the pipeline");
        assertEquals(0, r.seenByOutboundHandler);
    }

    @Test
    @Timeout(60)
    void anOutboundHandlerBeforeTheEncoderIsNeverBypassed() throws Exception {
        Result r = run(true);
        assertEquals(0, r.outOfOrder, "frames out of order or damaged");
        assertEquals(0, r.directSends);
        assertEquals(EVENTS, r.seenByOutboundHandler);
    }

    private record Result(long outOfOrder, long directSends, long seenByOutboundHandler) {
    }

    private Result run(boolean outboundHandlerInFront) throws Exception {
        TopicRouter router = new TopicRouter();
        EncodingKey frames = EncodingKey.of((event, key) -> {
            ByteBuf b = PreEncodedFrames.text(ByteBufAllocator.DEFAULT, "{\"seq\":" + event.seq() + ",\"pad\":\"" + PADDING + "\"}");
            encoded.add(b);
            return b;
        });
        AtomicLong seenInFront = new AtomicLong();
        List<ChannelSubscriberEndpoint> serverSide = new CopyOnWriteArrayList<>();
        Channel server = new ServerBootstrap()
                .group(group)
                .channel(EpollServerSocketChannel.class)
                .childOption(ChannelOption.SO_SNDBUF, 16 * 1024)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (outboundHandlerInFront) {
                            ch.pipeline().addLast("in-front", new ChannelOutboundHandlerAdapter() {
                                @Override
                                public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
                                    seenInFront.incrementAndGet();
                                    super.write(ctx, msg, promise);
                                }
                            });
                        }
                        ch.pipeline().addLast(ChannelSubscriberEndpoint.FRAME_ENCODER_NAME, new WebSocket08FrameEncoder(false));
                        ChannelSubscriberEndpoint ep = new ChannelSubscriberEndpoint(router, ch, 100_000, SlowConsumerPolicy.CLOSE);
                        ch.pipeline().addLast(ep.handler());
                        serverSide.add(ep);
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();

        AtomicLong received = new AtomicLong();
        AtomicLong outOfOrder = new AtomicLong();
        CountDownLatch all = new CountDownLatch(1);
        Channel reader = new Bootstrap()
                .group(group)
                .channel(EpollSocketChannel.class)
                .option(ChannelOption.AUTO_READ, false) // reads nothing until every event is published
                .option(ChannelOption.SO_RCVBUF, 8 * 1024)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new WebSocket08FrameDecoder(false, false, 1 << 20));
                        ch.pipeline().addLast(new SimpleChannelInboundHandler<TextWebSocketFrame>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
                                String text = frame.text();
                                long seq = Long.parseLong(text.substring(7, text.indexOf(',')));
                                boolean intact = text.endsWith(PADDING + "\"}");
                                if (seq != received.get() + 1 || !intact) {
                                    outOfOrder.incrementAndGet();
                                }
                                if (received.incrementAndGet() == EVENTS) {
                                    all.countDown();
                                }
                            }
                        });
                    }
                })
                .connect(server.localAddress()).sync().channel();
        while (serverSide.isEmpty()) {
            Thread.yield();
        }
        ChannelSubscriberEndpoint ep = serverSide.get(0);
        router.subscribe("posts", ep, null, frames);
        for (int i = 1; i <= EVENTS; i++) {
            router.publish("posts", i);
        }
        reader.config().setAutoRead(true);
        assertTrue(all.await(30, TimeUnit.SECONDS), "reader received " + received.get() + " of " + EVENTS);
        long direct = ep.executor().submit(ep::directSendCount).get();
        reader.close().sync();
        server.close().sync();
        ep.channel().closeFuture().await(5, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (encoded.stream().anyMatch(b -> b.refCnt() != 0) && System.nanoTime() < deadline) {
            Thread.sleep(10); // the last batch's release runs on the loop right after its last write
        }
        for (ByteBuf b : encoded) {
            assertEquals(0, b.refCnt(), "an encoded frame was not released");
        }
        return new Result(outOfOrder.get(), direct, seenInFront.get());
    }
}

package io.switchboard.pubsub;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two real TCP clients on loopback: one never reads, one reads everything. The publisher must never
 * wait for the stuck one, and the reading one must get every event in order, under either policy.
 */
class SlowConsumerTest {
    private static final int EVENTS = 1_000;
    private static final int OUTBOUND_LIMIT = 64;
    private static final String PADDING = "x".repeat(2_000);

    private EventLoopGroup group;

    @BeforeEach
    void startLoops() {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    }

    @AfterEach
    void stopLoops() {
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @ParameterizedTest
    @EnumSource(SlowConsumerPolicy.class)
    @Timeout(60)
    void aClientThatNeverReadsDoesNotHoldUpTheOthers(SlowConsumerPolicy policy) throws Exception {
        TopicRouter router = new TopicRouter();
        EncodingKey frames = EncodingKey.of((event, key) -> PreEncodedFrames.text(ByteBufAllocator.DEFAULT,
                "{\"seq\":" + event.seq() + ",\"pad\":\"" + PADDING + "\"}"));
        List<ChannelSubscriberEndpoint> serverSide = new CopyOnWriteArrayList<>();
        Channel server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(8 * 1024, 16 * 1024))
                .childOption(ChannelOption.SO_SNDBUF, 8 * 1024)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ChannelSubscriberEndpoint ep = new ChannelSubscriberEndpoint(router, ch, OUTBOUND_LIMIT, policy);
                        ch.pipeline().addLast(ep.handler());
                        router.subscribe("posts", ep, null, frames);
                        serverSide.add(ep);
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        InetSocketAddress address = (InetSocketAddress) server.localAddress();

        Channel stuck = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.SO_RCVBUF, 4 * 1024)
                .handler(new ChannelInboundHandlerAdapter())
                .connect(address).sync().channel();
        while (serverSide.size() < 1) {
            Thread.yield();
        }

        AtomicLong received = new AtomicLong();
        AtomicLong outOfOrder = new AtomicLong();
        CountDownLatch all = new CountDownLatch(1);
        Channel reader = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new WebSocket08FrameDecoder(false, false, 1 << 20));
                        ch.pipeline().addLast(new SimpleChannelInboundHandler<TextWebSocketFrame>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
                                String text = frame.text();
                                long seq = Long.parseLong(text.substring(7, text.indexOf(',')));
                                if (seq != received.get() + 1) {
                                    outOfOrder.incrementAndGet();
                                }
                                if (received.incrementAndGet() == EVENTS) {
                                    all.countDown();
                                }
                            }
                        });
                    }
                })
                .connect(address).sync().channel();
        while (serverSide.size() < 2) {
            Thread.yield();
        }
        ChannelSubscriberEndpoint stuckSide = serverSide.get(0);
        ChannelSubscriberEndpoint readerSide = serverSide.get(1);

        for (int i = 1; i <= EVENTS; i++) {
            assertEquals(i, router.publish("posts", i));
            // Keep the reader's own backlog far below the limit: only the stuck client may overflow.
            while (received.get() < i - 16) {
                Thread.yield();
            }
        }
        assertTrue(all.await(30, TimeUnit.SECONDS), "reader received " + received.get() + " of " + EVENTS);
        assertEquals(0, outOfOrder.get());

        long stuckDropped = stuckSide.executor().submit(stuckSide::droppedCount).get();
        long readerDropped = readerSide.executor().submit(readerSide::droppedCount).get();
        assertEquals(0, readerDropped);
        RouterStats stats = router.stats();
        if (policy == SlowConsumerPolicy.DROP) {
            assertTrue(stuckDropped > 0, "stuck client dropped nothing");
            assertEquals(stuckDropped, stats.dropped());
            assertEquals(0, stats.closedSlow());
            assertEquals(2L * EVENTS, stats.delivered() + stats.dropped());
            assertTrue(stuckSide.channel().isActive(), "drop keeps the connection");
        } else {
            assertEquals(1, stats.closedSlow());
            assertEquals(0, stats.dropped());
            assertTrue(stuckSide.channel().closeFuture().await(30, TimeUnit.SECONDS), "slow consumer closed");
            assertTrue(router.subscriptions(stuckSide).isEmpty());
            assertEquals(1, stats.subscriptions());
        }
        assertFalse(readerSide.isClosing());
        stuck.close().sync();
        reader.close().sync();
        server.close().sync();
    }
}

package io.switchboard.pubsub;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.EventExecutor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The per-loop delivery lane: coalesced flushes when behind, bounded runs that give the loop back. */
class DeliveryLaneTest {

    @Test
    void eventsThatQueueUpBeforeTheLoopRunsShareOneFlushPerConnection() {
        TopicRouter router = new TopicRouter();
        ManualExecutor loop = new ManualExecutor();
        List<RecordingEndpoint> endpoints = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            RecordingEndpoint ep = new RecordingEndpoint(loop);
            endpoints.add(ep);
            router.subscribe("posts", ep, null);
            router.subscribe("users", ep, null);
        }
        router.publish("posts", "1");
        router.publish("users", "1");
        router.publish("posts", "2");
        assertEquals(1, loop.pending(), "one lane task however many batches wait");
        loop.runAll();
        for (RecordingEndpoint ep : endpoints) {
            assertEquals(List.of(1L, 1L, 2L), ep.seqs());
            assertEquals(List.of("1", "1", "2"), ep.payloads());
            assertEquals(1, ep.flushes, "the loop was behind: one flush for the three events");
            assertEquals(3, ep.maxDeliveriesPerFlush);
        }
        assertEquals(20, router.stats().coalescedFlushes());
        assertTrue(router.deliveriesIdle());
    }

    @Test
    void aLoopThatKeepsUpFlushesEachConnectionRightAfterItsDeliveries() {
        TopicRouter router = new TopicRouter();
        ManualExecutor loop = new ManualExecutor();
        RecordingEndpoint a = new RecordingEndpoint(loop);
        RecordingEndpoint b = new RecordingEndpoint(loop);
        router.subscribe("posts", a, null);
        router.subscribe("posts", b, null);
        for (int i = 1; i <= 3; i++) {
            router.publish("posts", String.valueOf(i));
            loop.runAll();
            assertEquals(i, a.flushes);
            assertEquals(i, b.flushes);
        }
        assertEquals(1, a.maxDeliveriesPerFlush);
        assertEquals(0, router.stats().coalescedFlushes());
    }

    /**
     * A fan-out longer than one run gives the loop back: a task queued behind the first run executes
     * before the fan-out is complete, and the fan-out still ends with every delivery once and in order.
     * One endpoint waits until the run's time budget has certainly passed, so the cut is deterministic.
     */
    @Test
    @Timeout(30)
    void aLongFanOutYieldsToOtherTasksOnTheLoopAndResumesInOrder() throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            EventExecutor loop = group.next();
            TopicRouter router = new TopicRouter();
            int n = 2_000;
            AtomicInteger delivered = new AtomicInteger();
            List<RecordingEndpoint> endpoints = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                boolean slow = i == 100;
                RecordingEndpoint ep = new RecordingEndpoint(loop) {
                    @Override
                    public boolean deliver(RoutedEvent event, Subscription subscription) {
                        if (slow) {
                            long until = System.nanoTime() + 2 * DeliveryLane.RUN_NANOS;
                            while (System.nanoTime() < until) {
                                Thread.onSpinWait();
                            }
                        }
                        delivered.incrementAndGet();
                        return super.deliver(event, subscription);
                    }
                };
                endpoints.add(ep);
                router.subscribe("posts", ep, null);
            }
            CountDownLatch gate = new CountDownLatch(1);
            // Hold the loop so the publish and the probe are queued in a known order.
            loop.execute(() -> awaitQuietly(gate));
            router.publish("posts", "a");
            router.publish("posts", "b");
            int[] seenByProbe = new int[1];
            CountDownLatch probed = new CountDownLatch(1);
            loop.execute(() -> {
                seenByProbe[0] = delivered.get();
                probed.countDown();
            });
            gate.countDown();
            assertTrue(probed.await(20, TimeUnit.SECONDS));
            assertTrue(seenByProbe[0] < 2 * n, "the probe ran after " + seenByProbe[0] + " of " + 2 * n + " deliveries");
            while (!router.deliveriesIdle()) {
                loop.submit(() -> { }).sync();
            }
            loop.submit(() -> { }).sync();
            for (RecordingEndpoint ep : endpoints) {
                assertEquals(List.of(1L, 2L), ep.seqs());
            }
            assertTrue(router.stats().laneYields() >= 1);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

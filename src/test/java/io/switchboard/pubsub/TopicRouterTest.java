package io.switchboard.pubsub;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TopicRouterTest {

    /** Counts encoder calls per view and keeps every buffer it made, to check they are all released. */
    static final class CountingEncoder implements EventEncoder {
        final Map<Object, AtomicInteger> callsByView = new ConcurrentHashMap<>();
        final List<ByteBuf> made = Collections.synchronizedList(new ArrayList<>());

        @Override
        public ByteBuf encode(RoutedEvent event, EncodingKey key) {
            callsByView.computeIfAbsent(String.valueOf(key.view()), v -> new AtomicInteger()).incrementAndGet();
            ByteBuf b = PooledByteBufAllocator.DEFAULT.buffer();
            b.writeCharSequence(key.view() + ":" + event.topic() + "#" + event.seq() + ":" + event.payload(),
                    StandardCharsets.UTF_8);
            made.add(b);
            return b;
        }

        int calls(Object view) {
            AtomicInteger n = callsByView.get(String.valueOf(view));
            return n == null ? 0 : n.get();
        }

        void assertAllReleased() {
            for (ByteBuf b : made) {
                assertEquals(0, b.refCnt(), "encoded buffer still referenced");
            }
        }
    }

    private TopicRouter router;
    private ManualExecutor loopA;
    private ManualExecutor loopB;
    private CountingEncoder encoder;

    @BeforeAll
    static void paranoidLeakDetection() {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    @BeforeEach
    void setUp() {
        router = new TopicRouter();
        loopA = new ManualExecutor();
        loopB = new ManualExecutor();
        encoder = new CountingEncoder();
    }

    @Test
    void deliversEventsInSeqOrderStartingAtOne() {
        RecordingEndpoint ep = new RecordingEndpoint(loopA);
        Subscription s = router.subscribe("posts", ep, null);
        assertEquals(0, s.startSeq());
        assertEquals(1, router.publish("posts", "a"));
        assertEquals(2, router.publish("posts", "b"));
        assertEquals(3, router.publish("posts", "c"));
        loopA.runAll();
        assertEquals(List.of(1L, 2L, 3L), ep.seqs());
        assertEquals(List.of("a", "b", "c"), ep.payloads());
        assertEquals("posts", ep.deliveries.get(0).topic());
        assertSame(s, ep.deliveries.get(0).subscription());
    }

    @Test
    void countsSeqWithoutSubscribersAndStartsNewSubscriptionsAfterIt() {
        assertEquals(1, router.publish("posts", "nobody"));
        assertEquals(2, router.publish("posts", "listens"));
        RecordingEndpoint ep = new RecordingEndpoint(loopA);
        Subscription s = router.subscribe("posts", ep, null);
        assertEquals(2, s.startSeq());
        assertEquals(3, router.publish("posts", "now"));
        loopA.runAll();
        assertEquals(List.of(3L), ep.seqs());
        assertEquals(3, router.topic("posts").lastSeq());
    }

    @Test
    void subscriptionDoesNotReceiveEventsPublishedBeforeIt() {
        RecordingEndpoint early = new RecordingEndpoint(loopA);
        RecordingEndpoint late = new RecordingEndpoint(loopA);
        router.subscribe("posts", early, null);
        router.publish("posts", "1");          // batch queued, not yet run
        Subscription s = router.subscribe("posts", late, null);
        assertEquals(1, s.startSeq());
        router.publish("posts", "2");
        loopA.runAll();
        assertEquals(List.of(1L, 2L), early.seqs());
        assertEquals(List.of(2L), late.seqs());
    }

    @Test
    void unsubscribedEndpointReceivesNothingMoreEvenFromQueuedBatches() {
        RecordingEndpoint ep = new RecordingEndpoint(loopA);
        Subscription s = router.subscribe("posts", ep, null);
        router.publish("posts", "queued");
        assertTrue(router.unsubscribe(s));
        assertFalse(router.unsubscribe(s), "second unsubscribe is a no-op");
        router.publish("posts", "after");
        loopA.runAll();
        assertTrue(ep.deliveries.isEmpty());
        assertFalse(s.isActive());
        assertFalse(router.hasSubscribers("posts"));
        assertEquals(0, router.stats().subscriptions());
    }

    @Test
    void unsubscribeAllEndsEveryTopicOfTheEndpoint() {
        RecordingEndpoint ep = new RecordingEndpoint(loopA);
        RecordingEndpoint other = new RecordingEndpoint(loopA);
        router.subscribe("posts", ep, null);
        router.subscribe("users", ep, null);
        router.subscribe("posts", other, null);
        assertEquals(2, router.subscriptions(ep).size());
        router.unsubscribeAll(ep);
        assertTrue(router.subscriptions(ep).isEmpty());
        router.publish("posts", "x");
        router.publish("users", "y");
        loopA.runAll();
        assertTrue(ep.deliveries.isEmpty());
        assertEquals(List.of(1L), other.seqs());
        assertFalse(router.hasSubscribers("users"));
        assertTrue(router.hasSubscribers("posts"));
    }

    @Test
    void filterDecidesPerSubscriptionOnTheSubscribersLoop() {
        RecordingEndpoint creates = new RecordingEndpoint(loopA);
        RecordingEndpoint all = new RecordingEndpoint(loopA);
        Thread[] filterThread = new Thread[1];
        router.subscribe("posts", creates, e -> {
            filterThread[0] = Thread.currentThread();
            return e.payload().toString().startsWith("create");
        });
        router.subscribe("posts", all, null);
        router.publish("posts", "create 1");
        router.publish("posts", "update 1");
        router.publish("posts", "create 2");
        Thread runner = new Thread(loopA::runAll);
        runner.start();
        assertDoesNotThrowJoin(runner);
        assertSame(runner, filterThread[0]);
        assertEquals(List.of("create 1", "create 2"), creates.payloads());
        assertEquals(3, all.deliveries.size());
        assertEquals(1, router.stats().filtered());
        assertEquals(5, router.stats().delivered());
    }

    @Test
    void throwingFilterSkipsThatDeliveryAndKeepsTheSubscription() {
        RecordingEndpoint ep = new RecordingEndpoint(loopA);
        RecordingEndpoint other = new RecordingEndpoint(loopA);
        Subscription s = router.subscribe("posts", ep, e -> {
            if (e.seq() == 1) {
                throw new IllegalStateException("bad filter");
            }
            return true;
        });
        router.subscribe("posts", other, null);
        router.publish("posts", "1");
        router.publish("posts", "2");
        loopA.runAll();
        assertEquals(List.of(2L), ep.seqs());
        assertEquals(List.of(1L, 2L), other.seqs());
        assertTrue(s.isActive());
        assertEquals(1, router.stats().deliveryErrors());
    }

    @Test
    void encodesOncePerKeyNotPerSubscriberAndNeverForKeysNobodyAccepts() {
        EncodingKey admin = EncodingKey.of(encoder, "admin");
        EncodingKey guest = EncodingKey.of(encoder, "guest");
        EncodingKey nobody = EncodingKey.of(encoder, "nobody");
        List<RecordingEndpoint> endpoints = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            RecordingEndpoint ep = new RecordingEndpoint(i % 2 == 0 ? loopA : loopB);
            endpoints.add(ep);
            // A fresh but equal key per subscriber, as a WebSocket layer building keys per connection would.
            EncodingKey key = EncodingKey.of(encoder, i < 60 ? "admin" : "guest");
            router.subscribe("posts", ep, null, key);
            router.subscribe("posts", ep, e -> false, nobody);
        }
        for (int i = 0; i < 5; i++) {
            router.publish("posts", "row" + i);
        }
        loopA.runAll();
        loopB.runAll();
        assertEquals(5, encoder.calls("admin"));
        assertEquals(5, encoder.calls("guest"));
        assertEquals(0, encoder.calls("nobody"));
        assertEquals(10, router.stats().encodes());
        assertEquals("admin:posts#3:row2", endpoints.get(0).deliveries.get(2).text());
        assertEquals("guest:posts#5:row4", endpoints.get(99).deliveries.get(4).text());
        assertEquals(admin, EncodingKey.of(encoder, "admin"));
        assertFalse(admin.equals(guest));
        encoder.assertAllReleased();
    }

    @Test
    void releasesSharedBuffersWhenTheLastBatchEndsAndTheLastDuplicateIsReleased() {
        EncodingKey key = EncodingKey.of(encoder);
        RecordingEndpoint onA = new RecordingEndpoint(loopA, true);
        RecordingEndpoint onB = new RecordingEndpoint(loopB, false);
        router.subscribe("posts", onA, null, key);
        router.subscribe("posts", onB, null, key);
        router.publish("posts", "x");
        loopA.runAll();
        assertEquals(1, encoder.made.size());
        ByteBuf shared = encoder.made.get(0);
        assertTrue(shared.refCnt() > 0, "loop B has not run yet");
        loopB.runAll();
        assertEquals(1, encoder.made.size(), "loop B reused loop A's encoding");
        assertTrue(shared.refCnt() > 0, "endpoint A still holds a duplicate");
        for (ByteBuf b : onA.kept) {
            b.release();
        }
        encoder.assertAllReleased();
    }

    @Test
    void bulkReferenceCountedDuplicatesAreIndependentAndReleasedExactly() {
        EncodingKey key = EncodingKey.of(encoder);
        List<RecordingEndpoint> keepers = new ArrayList<>();
        for (int i = 0; i < 700; i++) { // more than one prepaid block of references
            RecordingEndpoint ep = new RecordingEndpoint(i % 3 == 0 ? loopB : loopA, true);
            keepers.add(ep);
            router.subscribe("posts", ep, null, key);
        }
        router.publish("posts", "x");
        loopA.runAll();
        loopB.runAll();
        ByteBuf shared = encoder.made.get(0);
        ByteBuf first = keepers.get(0).kept.get(0);
        first.readByte();
        assertEquals(0, keepers.get(1).kept.get(0).readerIndex(), "duplicates have their own indexes");
        for (RecordingEndpoint ep : keepers) {
            assertTrue(shared.refCnt() > 0);
            for (ByteBuf b : ep.kept) {
                assertTrue(b.refCnt() > 0);
                b.release();
            }
        }
        assertEquals(1, encoder.made.size());
        encoder.assertAllReleased();
    }

    @Test
    void encodedIsUnavailableAfterTheBatch() {
        EncodingKey key = EncodingKey.of(encoder);
        List<RoutedEvent> seen = new ArrayList<>();
        SubscriberEndpoint ep = new SubscriberEndpoint() {
            @Override
            public io.netty.util.concurrent.EventExecutor executor() {
                return loopA;
            }

            @Override
            public boolean deliver(RoutedEvent event, Subscription subscription) {
                seen.add(event);
                event.encoded(subscription.encodingKey()).retainedDuplicate().release();
                return true;
            }

            @Override
            public void flush() {
            }
        };
        router.subscribe("posts", ep, null, key);
        router.publish("posts", "x");
        loopA.runAll();
        assertEquals("x", seen.get(0).payload());
        assertThrows(IllegalStateException.class, () -> seen.get(0).encoded(key));
        assertThrows(IllegalStateException.class, () -> seen.get(0).retainedDuplicate(key));
        encoder.assertAllReleased();
    }

    @Test
    void aSubscriptionWithoutEncodingKeyCannotAskForBytes() {
        List<Throwable> errors = new ArrayList<>();
        SubscriberEndpoint ep = new SubscriberEndpoint() {
            @Override
            public io.netty.util.concurrent.EventExecutor executor() {
                return loopA;
            }

            @Override
            public boolean deliver(RoutedEvent event, Subscription subscription) {
                try {
                    event.retainedDuplicate(subscription.encodingKey());
                } catch (NullPointerException e) {
                    errors.add(e);
                }
                return true;
            }

            @Override
            public void flush() {
            }
        };
        router.subscribe("posts", ep, null);
        router.publish("posts", "x");
        loopA.runAll();
        assertEquals(1, errors.size());
    }

    @Test
    void encoderFailureSkipsThoseDeliveriesAndLeaksNothing() {
        AtomicInteger calls = new AtomicInteger();
        EventEncoder failing = (e, k) -> {
            calls.incrementAndGet();
            if (e.seq() == 1) {
                throw new IllegalArgumentException("cannot render");
            }
            return encoder.encode(e, k);
        };
        EncodingKey key = EncodingKey.of(failing);
        RecordingEndpoint a = new RecordingEndpoint(loopA);
        RecordingEndpoint b = new RecordingEndpoint(loopA);
        router.subscribe("posts", a, null, key);
        router.subscribe("posts", b, null, key);
        router.publish("posts", "1");
        router.publish("posts", "2");
        loopA.runAll();
        assertEquals(2, calls.get(), "a failed encoding is not retried per subscriber");
        assertEquals(List.of(2L), a.seqs());
        assertEquals(List.of(2L), b.seqs());
        assertEquals(2, router.stats().deliveryErrors());
        encoder.assertAllReleased();
    }

    @Test
    void handsOneTaskPerEventLoopPerPublishAndFlushesEachEndpointOnce() {
        List<RecordingEndpoint> endpoints = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            RecordingEndpoint ep = new RecordingEndpoint(i % 2 == 0 ? loopA : loopB);
            endpoints.add(ep);
            router.subscribe("posts", ep, null);
            router.subscribe("users", ep, null);
            router.subscribe("posts", ep, e -> true); // a second subscription on the same topic
        }
        assertEquals(0, loopA.submitted() + loopB.submitted(), "subscribing submits nothing");
        router.publish("posts", "x");
        assertEquals(1, loopA.pending());
        assertEquals(1, loopB.pending());
        loopA.runAll();
        loopB.runAll();
        for (RecordingEndpoint ep : endpoints) {
            assertEquals(2, ep.deliveries.size());
            assertEquals(1, ep.flushes);
            assertEquals(2, ep.maxDeliveriesPerFlush);
        }
        assertEquals(2, router.stats().batches());
        assertEquals(100, router.stats().delivered());
    }

    @Test
    void publishingOnATopicWithoutSubscribersAllocatesNothing() {
        router.subscribe("posts", new RecordingEndpoint(loopA), null);
        router.publish("user_account", "create the topic");
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Object payload = "row";
        for (int i = 0; i < 200_000; i++) {  // let the JIT compile the path
            router.publish("user_account", payload);
        }
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        int n = 1_000_000;
        for (int i = 0; i < n; i++) {
            router.publish("user_account", payload);
        }
        long allocated = threads.getThreadAllocatedBytes(id) - before;
        assertTrue(allocated < n / 10, "allocated " + allocated + " bytes for " + n + " publishes");
        assertEquals(1 + 200_000 + n, router.topic("user_account").lastSeq());
        assertEquals(0, loopA.submitted());
        assertEquals(0, router.stats().dispatched());
    }

    @Test
    void destroyingACustomTopicNotifiesAndRemovesItsSubscribers() {
        Topic chat = router.createTopic("chat", "user-1", 16256);
        assertNotNull(chat);
        assertEquals(TopicKind.CUSTOM, chat.kind());
        assertEquals("user-1", chat.owner());
        assertEquals(16256, chat.permission());
        assertNull(router.createTopic("chat", "user-2", 0), "name taken");
        RecordingEndpoint ep = new RecordingEndpoint(loopA);
        Subscription s = router.subscribe("chat", ep, null);
        assertSame(chat, s.topic());
        router.publish("chat", "hello");
        assertTrue(router.destroyTopic("chat"));
        loopA.runAll();
        assertTrue(ep.deliveries.isEmpty(), "queued deliveries of a destroyed topic are skipped");
        assertEquals(List.of(s), ep.destroyed);
        assertFalse(s.isActive());
        assertNull(router.topic("chat"));
        assertTrue(chat.isDestroyed());
        assertEquals(Topic.DESTROYED, router.publish(chat, "late"));
        assertNull(router.subscribe(chat, ep, null, null));
        assertTrue(router.subscriptions(ep).isEmpty());
        assertFalse(router.destroyTopic("chat"));
        assertEquals(0, router.stats().subscriptions());
    }

    @Test
    void systemTopicsAreCreatedOnDemandAndCannotBeDestroyed() {
        assertNull(router.topic("user_account"));
        router.publish("user_account", "x");
        Topic t = router.topic("user_account");
        assertEquals(TopicKind.SYSTEM, t.kind());
        assertNull(t.owner());
        assertSame(t, router.systemTopic("user_account"));
        assertFalse(router.destroyTopic("user_account"));
        router.createTopic("chat", "u", 0);
        assertThrows(IllegalStateException.class, () -> router.systemTopic("chat"));
        assertEquals(2, router.topics().size());
        assertEquals(2, router.stats().topics());
        assertEquals(1, router.stats().published());
    }

    private static void assertDoesNotThrowJoin(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}

package io.switchboard.pubsub;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.EventExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 8 publisher threads, 2 churn threads and 1,000 subscriber endpoints on 2 real Netty event loops.
 * Every subscription must receive exactly the seqs after its start, contiguous and in order, each with
 * the payload whose publish() returned that seq; subscriptions alive at the end must have everything.
 */
class TopicRouterConcurrencyTest {
    private static final int LOOPS = 2;
    private static final int PUBLISHERS = 8;
    private static final int EVENTS_PER_PUBLISHER = 2_000;
    private static final int ENDPOINTS = 1_000;
    private static final int CHURNERS = 2;
    private static final int CHURN_OPS_PER_THREAD = 5_000;
    private static final String[] TOPICS = {"t0", "t1", "t2", "t3"};

    private EventLoopGroup group;
    private final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void startLoops() {
        group = new MultiThreadIoEventLoopGroup(LOOPS, NioIoHandler.newFactory());
    }

    @AfterEach
    void stopLoops() {
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Checks each subscription's stream as it arrives; state is confined to the endpoint's loop. */
    final class CheckingEndpoint implements SubscriberEndpoint {
        final EventExecutor executor;
        final Map<Subscription, long[]> nextSeq = new IdentityHashMap<>();
        final Map<Subscription, int[]> lastCounterByPublisher = new IdentityHashMap<>();
        final Map<Long, Long> payloadBySeq; // only for witnesses
        final boolean witness;
        volatile int deliveries;
        int flushes;

        CheckingEndpoint(EventExecutor executor, boolean witness) {
            this.executor = executor;
            this.witness = witness;
            this.payloadBySeq = witness ? new HashMap<>() : null;
        }

        @Override
        public EventExecutor executor() {
            return executor;
        }

        @Override
        public boolean deliver(RoutedEvent event, Subscription s) {
            if (!executor.inEventLoop()) {
                violations.add("delivered off the endpoint's event loop");
            }
            long[] next = nextSeq.computeIfAbsent(s, k -> new long[] {k.startSeq() + 1});
            if (event.seq() != next[0]) {
                violations.add(s + " expected seq " + next[0] + " got " + event.seq());
            }
            next[0] = event.seq() + 1;
            long payload = (Long) event.payload();
            int publisher = (int) (payload >>> 32);
            int counter = (int) payload;
            int[] last = lastCounterByPublisher.computeIfAbsent(s, k -> new int[PUBLISHERS]);
            if (counter <= last[publisher]) {
                violations.add(s + " publisher " + publisher + " out of order: " + counter + " after " + last[publisher]);
            }
            last[publisher] = counter;
            ByteBuf dup = event.encoded(s.encodingKey()).retainedDuplicate();
            String text = dup.toString(StandardCharsets.US_ASCII);
            dup.release();
            if (!text.equals(event.topic() + "#" + event.seq())) {
                violations.add("encoding of " + event + " was " + text);
            }
            if (witness) {
                payloadBySeq.put(event.seq(), payload);
            }
            deliveries++; // single writer: the endpoint's loop
            return true;
        }

        @Override
        public void flush() {
            flushes++;
        }

        long received(Subscription s) {
            long[] next = nextSeq.get(s);
            return next == null ? s.startSeq() : next[0] - 1;
        }
    }

    @Test
    @Timeout(60)
    void concurrentPublishersAndSubscribeChurnDeliverEveryEventOnceInSeqOrder() throws Exception {
        TopicRouter router = new TopicRouter();
        EventExecutor[] loops = new EventExecutor[LOOPS];
        for (int i = 0; i < LOOPS; i++) {
            loops[i] = group.next();
        }
        ConcurrentLinkedQueue<ByteBuf> made = new ConcurrentLinkedQueue<>();
        EncodingKey key = EncodingKey.of((event, k) -> {
            ByteBuf b = ByteBufAllocator.DEFAULT.buffer(16);
            b.writeCharSequence(event.topic() + "#" + event.seq(), StandardCharsets.US_ASCII);
            made.add(b);
            return b;
        });

        CheckingEndpoint[] witnesses = new CheckingEndpoint[TOPICS.length];
        Subscription[] witnessSubs = new Subscription[TOPICS.length];
        for (int t = 0; t < TOPICS.length; t++) {
            witnesses[t] = new CheckingEndpoint(loops[t % LOOPS], true);
            witnessSubs[t] = router.subscribe(TOPICS[t], witnesses[t], null, key);
        }
        CheckingEndpoint[] endpoints = new CheckingEndpoint[ENDPOINTS];
        for (int i = 0; i < ENDPOINTS; i++) {
            endpoints[i] = new CheckingEndpoint(loops[i % LOOPS], false);
        }
        // Current subscription per endpoint and topic; each churn thread owns the endpoints i % CHURNERS.
        Subscription[][] current = new Subscription[ENDPOINTS][TOPICS.length];
        List<Subscription> everySubscription = new ArrayList<>();
        Random setup = new Random(42);
        for (int i = 0; i < ENDPOINTS; i++) {
            int t = setup.nextInt(TOPICS.length);
            current[i][t] = router.subscribe(TOPICS[t], endpoints[i], null, key);
            everySubscription.add(current[i][t]);
        }

        Map<String, Map<Long, Long>> publishedPayloadBySeq = new ConcurrentHashMap<>();
        for (String t : TOPICS) {
            publishedPayloadBySeq.put(t, new ConcurrentHashMap<>());
        }
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        for (int p = 0; p < PUBLISHERS; p++) {
            int publisher = p;
            threads.add(new Thread(() -> {
                Random rnd = new Random(1000 + publisher);
                await(start);
                for (int c = 1; c <= EVENTS_PER_PUBLISHER; c++) {
                    String topic = TOPICS[rnd.nextInt(TOPICS.length)];
                    long payload = ((long) publisher << 32) | c;
                    long seq = router.publish(topic, payload);
                    publishedPayloadBySeq.get(topic).put(seq, payload);
                }
            }, "publisher-" + p));
        }
        List<List<Subscription>> churned = new ArrayList<>();
        for (int c = 0; c < CHURNERS; c++) {
            int churner = c;
            List<Subscription> mine = new ArrayList<>();
            churned.add(mine);
            threads.add(new Thread(() -> {
                Random rnd = new Random(7 + churner);
                await(start);
                for (int op = 0; op < CHURN_OPS_PER_THREAD; op++) {
                    int i = rnd.nextInt(ENDPOINTS / CHURNERS) * CHURNERS + churner;
                    int t = rnd.nextInt(TOPICS.length);
                    Subscription s = current[i][t];
                    if (s == null) {
                        s = router.subscribe(TOPICS[t], endpoints[i], null, key);
                        current[i][t] = s;
                        mine.add(s);
                    } else if (rnd.nextBoolean()) {
                        router.unsubscribe(s);
                        current[i][t] = null;
                    } else {
                        // As a WebSocket handler would: on the connection's own event loop.
                        Subscription gone = s;
                        endpoints[i].executor().execute(() -> router.unsubscribe(gone));
                        current[i][t] = null;
                    }
                    if (op % 64 == 0) {
                        Thread.yield();
                    }
                }
            }, "churn-" + c));
        }
        for (Thread t : threads) {
            t.setUncaughtExceptionHandler((th, e) -> errors.add(e));
            t.start();
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertTrue(errors.isEmpty(), () -> "thread failed: " + errors);
        quiesce(router, loops);

        assertTrue(violations.isEmpty(), () -> violations.size() + " violations, first: " + violations.peek());
        for (List<Subscription> l : churned) {
            everySubscription.addAll(l);
        }
        int checkedActive = 0;
        for (int t = 0; t < TOPICS.length; t++) {
            Topic topic = router.topic(TOPICS[t]);
            Map<Long, Long> expected = publishedPayloadBySeq.get(TOPICS[t]);
            assertEquals(expected.size(), topic.lastSeq(), "seqs are 1..n without gaps");
            Map<Long, Long> seen = witnesses[t].payloadBySeq;
            assertEquals(expected.size(), seen.size(), "witness saw every event");
            for (Map.Entry<Long, Long> e : expected.entrySet()) {
                assertEquals(e.getValue(), seen.get(e.getKey()), "payload of " + TOPICS[t] + "#" + e.getKey());
            }
        }
        for (Subscription s : everySubscription) {
            CheckingEndpoint ep = (CheckingEndpoint) s.endpoint();
            long received = ep.received(s);
            assertTrue(received >= s.startSeq(), s + " received beyond its start");
            if (s.isActive()) {
                assertEquals(s.topic().lastSeq(), received, s + " missed the end of the stream");
                checkedActive++;
            }
        }
        assertEquals(PUBLISHERS * EVENTS_PER_PUBLISHER, router.stats().published());
        long dispatched = router.stats().dispatched();
        long encodes = router.stats().encodes();
        assertTrue(encodes - router.stats().encodeStalls() <= dispatched,
                "at most one encode per event except stalls: " + router.stats());
        assertTrue(checkedActive > 100, "enough subscriptions survived the churn: " + checkedActive);
        assertTrue(everySubscription.size() > 2_000, "churn created subscriptions");
        for (ByteBuf b : made) {
            assertEquals(0, b.refCnt(), "encoded buffer not released");
        }
        System.out.println(router.stats() + ", subscriptions created " + everySubscription.size()
                + ", active at end " + checkedActive);
    }

    /**
     * The no-subscriber fast path counts seqs without a list node. A subscribe that races with it must
     * still start exactly after the last counted seq: no subscription may see a gap before its first event.
     */
    @Test
    @Timeout(60)
    void subscriptionsOnAnOtherwiseEmptyTopicStartWithoutGapsWhilePublishersRace() throws Exception {
        TopicRouter router = new TopicRouter();
        Topic topic = router.systemTopic("sparse");
        EventExecutor loop = group.next();
        int publishers = 2;
        int rounds = 1_500;
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicLong published = new java.util.concurrent.atomic.AtomicLong();
        CountDownLatch publishersDone = new CountDownLatch(publishers);
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        for (int p = 0; p < publishers; p++) {
            int publisher = p;
            Thread t = new Thread(() -> {
                for (int c = 1; !stop.get(); c++) {
                    router.publish("sparse", ((long) publisher << 32) | c);
                    published.incrementAndGet();
                    // Publishers in a tight loop outrun any consumer (the router has no publish-side
                    // back-pressure): publish in bursts and let dispatch and the loop catch up in between.
                    if ((c & 15) == 0) {
                        while (topic.dispatchPending()) {
                            Thread.yield();
                        }
                        loop.submit(() -> { }).syncUninterruptibly();
                    }
                }
                publishersDone.countDown();
            }, "sparse-publisher-" + p);
            t.setUncaughtExceptionHandler((th, e) -> {
                errors.add(e);
                publishersDone.countDown();
            });
            t.start();
        }
        EncodingKey key = EncodingKey.of((event, k) -> {
            ByteBuf b = ByteBufAllocator.DEFAULT.buffer(16);
            b.writeCharSequence(event.topic() + "#" + event.seq(), StandardCharsets.US_ASCII);
            return b;
        });
        List<Subscription> subs = new ArrayList<>();
        try {
            for (int r = 0; r < rounds && publishersDone.getCount() == publishers; r++) {
                CheckingEndpoint ep = new CheckingEndpoint(loop, false);
                Subscription s = router.subscribe("sparse", ep, null, key);
                subs.add(s);
                // Wait for the first event: that is where a gap would show.
                while (ep.deliveries == 0 && publishersDone.getCount() == publishers) {
                    Thread.yield();
                }
                router.unsubscribe(s);
                // Let some events go by with nobody subscribed (the allocation-free path) before the next one.
                long at = topic.lastSeq();
                while (topic.lastSeq() < at + 20 && publishersDone.getCount() == publishers) {
                    Thread.yield();
                }
            }
        } finally {
            stop.set(true);
            publishersDone.await();
        }
        quiesce(router, new EventExecutor[] {loop});
        assertTrue(errors.isEmpty(), () -> "publisher failed: " + errors);
        assertTrue(violations.isEmpty(), () -> violations.size() + " violations, first: " + violations.peek());
        assertEquals(published.get(), topic.lastSeq());
        long withEvents = subs.stream().filter(s -> ((CheckingEndpoint) s.endpoint()).received(s) > s.startSeq()).count();
        assertEquals(rounds, withEvents, "every subscription received events");
        System.out.println("sparse topic: " + topic.lastSeq() + " events, " + withEvents + " of " + subs.size()
                + " subscriptions received some, " + router.stats());
    }

    /** Waits until no topic has anything left to dispatch and every loop ran what it was given. */
    private static void quiesce(TopicRouter router, EventExecutor[] loops) {
        boolean idle;
        do {
            for (EventExecutor loop : loops) {
                loop.submit(() -> { }).syncUninterruptibly();
            }
            // Dispatch first (it hands batches to the lanes), then the lanes (they may yield and resume).
            idle = router.topics().stream().allMatch(Topic::dispatchIdle) && router.deliveriesIdle();
        } while (!idle);
        for (EventExecutor loop : loops) {
            loop.submit(() -> { }).syncUninterruptibly(); // unsubscribes queued by the churn threads
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

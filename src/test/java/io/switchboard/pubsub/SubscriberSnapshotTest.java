package io.switchboard.pubsub;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The chunked snapshot keeps its shape under churn: bounded chunks, no loss, one endpoint's subscriptions adjacent. */
class SubscriberSnapshotTest {

    @Test
    void churnKeepsEveryEndpointsSubscriptionsAdjacentAndChunksBounded() {
        TopicRouter router = new TopicRouter();
        ManualExecutor loopA = new ManualExecutor();
        ManualExecutor loopB = new ManualExecutor();
        List<RecordingEndpoint> endpoints = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            endpoints.add(new RecordingEndpoint(i % 2 == 0 ? loopA : loopB));
        }
        Set<Subscription> live = new HashSet<>();
        Random random = new Random(7);
        for (int op = 0; op < 20_000; op++) {
            RecordingEndpoint ep = endpoints.get(random.nextInt(endpoints.size()));
            List<Subscription> mine = router.subscriptions(ep);
            if (!mine.isEmpty() && (mine.size() >= 3 || random.nextBoolean())) {
                Subscription s = mine.get(random.nextInt(mine.size()));
                assertTrue(router.unsubscribe(s));
                live.remove(s);
            } else {
                live.add(router.subscribe("posts", ep, random.nextBoolean() ? null : e -> true));
            }
            if (op % 97 == 0 || op > 19_900) {
                assertShape(router.topic("posts").snapshot(), live);
            }
        }
        assertShape(router.topic("posts").snapshot(), live);
    }

    @Test
    void everyEndpointIsFlushedOnceAfterChurnAcrossManyChunks() {
        TopicRouter router = new TopicRouter();
        ManualExecutor loop = new ManualExecutor();
        List<RecordingEndpoint> endpoints = new ArrayList<>();
        List<Subscription> firsts = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            RecordingEndpoint ep = new RecordingEndpoint(loop);
            endpoints.add(ep);
            firsts.add(router.subscribe("posts", ep, null));
        }
        // Second and third subscriptions arrive after everyone's first: each must land next to its siblings.
        for (RecordingEndpoint ep : endpoints) {
            router.subscribe("posts", ep, e -> true);
        }
        for (int i = 0; i < 300; i += 3) {
            router.unsubscribe(firsts.get(i));
            router.subscribe("posts", endpoints.get(i), null);
        }
        router.publish("posts", "x");
        loop.runAll();
        for (RecordingEndpoint ep : endpoints) {
            assertEquals(2, ep.deliveries.size());
            assertEquals(1, ep.flushes);
            assertEquals(2, ep.maxDeliveriesPerFlush);
        }
        assertEquals(600, router.stats().delivered());
    }

    private static void assertShape(SubscriberSnapshot snap, Set<Subscription> live) {
        assertEquals(live.size(), snap.size);
        Set<Subscription> seen = new HashSet<>();
        int total = 0;
        for (SubscriberSnapshot.Group g : snap.groups) {
            int groupSize = 0;
            Map<SubscriberEndpoint, Boolean> finished = new IdentityHashMap<>();
            SubscriberEndpoint previous = null;
            assertTrue(g.chunks.length > 0, "a group without subscriptions is dropped");
            for (Subscription[] chunk : g.chunks) {
                assertTrue(chunk.length > 0 && chunk.length <= SubscriberSnapshot.CHUNK, "chunk of " + chunk.length);
                for (Subscription s : chunk) {
                    assertTrue(seen.add(s), "listed twice");
                    assertTrue(s.lane == g.lane, "in its own loop's group");
                    if (s.endpoint != previous) {
                        if (previous != null) {
                            finished.put(previous, true);
                        }
                        assertFalse(finished.containsKey(s.endpoint), "endpoint's subscriptions not adjacent");
                        previous = s.endpoint;
                    }
                    groupSize++;
                }
            }
            assertEquals(groupSize, g.size);
            total += groupSize;
        }
        assertEquals(live.size(), total);
        assertEquals(live, seen);
    }
}

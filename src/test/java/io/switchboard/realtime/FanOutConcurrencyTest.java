package io.switchboard.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.Json;
import io.switchboard.support.Api;
import io.switchboard.support.Api.User;
import io.switchboard.support.TestServer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Publish from 8 threads while 1,000 /live connections are open, 200 of them subscribing and
 * unsubscribing at random: every connection that stayed subscribed receives every event exactly
 * once and in per-topic order; churning ones never see a duplicate or a step back.
 */
class FanOutConcurrencyTest {
    private static final int STABLE = 800;
    private static final int CHURNING = 200;
    private static final int PUBLISHERS = 8;
    private static final int PER_PUBLISHER = 50;

    /** One connection's received EventSeq numbers, in arrival order. */
    private static final class Conn implements WebSocket.Listener {
        final ConcurrentLinkedQueue<Long> seqs = new ConcurrentLinkedQueue<>();
        final AtomicInteger acks = new AtomicInteger();
        final StringBuilder partial = new StringBuilder();
        WebSocket ws;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                JsonNode m = Json.parse(partial.toString());
                partial.setLength(0);
                if (m.path("EventType").asText().equals("new-message")) seqs.add(m.path("EventSeq").asLong());
                else if (m.path("EventType").asText().equals("response")) acks.incrementAndGet();
            }
            webSocket.request(1);
            return null;
        }
    }

    @Test
    void everyStableSubscriberGetsEveryEventOnceInOrder() throws Exception {
        try (TestServer ts = new TestServer(TestServer.Db.H2, Map.of("net.worker.threads", "2"))) {
            Api api = ts.api();
            User owner = api.newUser("Owner");
            HttpClient http = HttpClient.newHttpClient();
            String url = "ws://127.0.0.1:" + ts.port() + "/live?token=" + owner.token();
            List<Conn> stable = new ArrayList<>();
            List<Conn> churn = new ArrayList<>();
            Conn first = open(http, url);
            first.ws.sendText("{\"method\":\"create-topicName\",\"attributes\":{\"name\":\"load\",\"permission\":" + (16256 | 2 | 32) + "}}", true).join();
            waitAcks(first, 1);
            String sub = "{\"method\":\"subscribe\",\"attributes\":{\"topicName\":\"load\"}}";
            String unsub = "{\"method\":\"unsubscribe\",\"attributes\":{\"topicName\":\"load\"}}";
            for (int i = 0; i < STABLE; i++) {
                Conn c = i == 0 ? first : open(http, url);
                c.ws.sendText(sub, true);
                stable.add(c);
            }
            for (int i = 0; i < CHURNING; i++) churn.add(open(http, url));
            for (Conn c : stable) waitAcks(c, c == first ? 2 : 1);

            ExecutorService pool = Executors.newFixedThreadPool(PUBLISHERS + 1);
            CountDownLatch publishing = new CountDownLatch(PUBLISHERS);
            for (int p = 0; p < PUBLISHERS; p++) {
                int publisher = p;
                pool.submit(() -> {
                    try {
                        for (int i = 0; i < PER_PUBLISHER; i++) {
                            Api.Resp r = api.post("/action/world/publish_to_topic", owner.token(),
                                    "{\"attributes\":{\"topicName\":\"load\",\"message\":{\"p\":" + publisher + ",\"i\":" + i + "}}}");
                            if (r.status() != 200) throw new AssertionError(r.text());
                        }
                    } finally {
                        publishing.countDown();
                    }
                    return null;
                });
            }
            Random rnd = new Random(42);
            boolean[] subscribed = new boolean[CHURNING];
            for (int round = 0; publishing.getCount() > 0 && round < 10_000; round++) {
                int k = rnd.nextInt(CHURNING);
                churn.get(k).ws.sendText(subscribed[k] ? unsub : sub, true).join();
                subscribed[k] = !subscribed[k];
                Thread.sleep(1);
            }
            assertTrue(publishing.await(120, TimeUnit.SECONDS), "publishers finished");
            pool.shutdown();
            int total = PUBLISHERS * PER_PUBLISHER;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline && stable.stream().anyMatch(c -> c.seqs.size() < total)) Thread.sleep(50);
            for (Conn c : stable) {
                List<Long> got = new ArrayList<>(c.seqs);
                assertEquals(total, got.size(), "every event exactly once");
                for (int i = 1; i < got.size(); i++) assertEquals(got.get(i - 1) + 1, (long) got.get(i), "in per-topic order");
            }
            for (Conn c : churn) {
                List<Long> got = new ArrayList<>(c.seqs);
                for (int i = 1; i < got.size(); i++) assertTrue(got.get(i) > got.get(i - 1), "no duplicate, no step back");
            }
            for (Conn c : stable) c.ws.abort();
            for (Conn c : churn) c.ws.abort();
        }
    }

    private static Conn open(HttpClient http, String url) {
        Conn c = new Conn();
        c.ws = http.newWebSocketBuilder().buildAsync(URI.create(url), c).join();
        return c;
    }

    private static void waitAcks(Conn c, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (c.acks.get() < n && System.nanoTime() < deadline) Thread.sleep(5);
        assertTrue(c.acks.get() >= n, "subscription acknowledged");
    }
}

package io.switchboard.cluster;

import io.switchboard.support.Api;
import io.switchboard.support.TestServer;
import org.postgresql.PGConnection;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Not a test (never asserts timings): cross-node figures for bench/results/cluster-*.md, with every
 * node a separate server PROCESS (127.0.0.1, .2, .3) on the shared PostgreSQL.
 * {@code java -cp <test classpath> io.switchboard.cluster.ClusterProcessBench NODES RATES SECONDS}
 * (NODES = 1 runs one node with cluster.enabled=false: the single-node baseline). Publishers send
 * {@code new-message} to a custom topic on node 1 (several /live connections, under the per-connection
 * message limit) at each offered rate; one /live subscriber per node records receipt time minus the
 * send time in the message (one clock: this JVM). Then PostgreSQL alone: NOTIFY round trips per
 * second from 1 and 4 sessions, received by one LISTEN session.
 */
public final class ClusterProcessBench {
    private static final int PER_CONNECTION_PER_SECOND = 150; // LiveSession allows 200

    public static void main(String[] args) throws Exception {
        int nodeCount = Integer.parseInt(args.length > 0 ? args[0] : "2");
        int[] rates = Arrays.stream((args.length > 1 ? args[1] : "1000,2000,4000").split(",")).mapToInt(Integer::parseInt).toArray();
        int seconds = Integer.parseInt(args.length > 2 ? args[2] : "5");
        SharedSchema schema = new SharedSchema("sb_pbench_");
        String shared = schema.url;
        Path data = Files.createTempDirectory("switchboard-bench-data-");
        List<NodeProcess> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < nodeCount; i++) {
                nodes.add(new NodeProcess("bench-" + (i + 1), "127.0.0." + (i + 1), shared, data,
                        nodeCount == 1 ? Map.of("cluster.enabled", "false", "log.level", "warn") : Map.of("log.level", "warn")));
            }
            for (NodeProcess n : nodes) n.start();
            Api a = new Api(nodes.get(0).base());
            Api.User admin = a.newUser("Admin");
            a.post("/action/world/become_an_administrator", admin.token(), "{}");
            System.out.printf("nodes: %d separate processes%s%n", nodeCount, nodeCount == 1 ? " (cluster.enabled=false: single-node baseline)" : "");
            HttpClient http = HttpClient.newHttpClient();
            WebSocket owner = http.newWebSocketBuilder().buildAsync(URI.create(nodes.get(0).ws("/live?token=" + admin.token())), new Ignore()).join();
            owner.sendText("{\"method\":\"create-topicName\",\"attributes\":{\"name\":\"bench\",\"permission\":2097151}}", true).join();
            Thread.sleep(1000); // the topic reaches the other nodes
            for (int rate : rates) run(http, nodes, admin.token(), rate, seconds);
            owner.abort();
        } finally {
            for (NodeProcess n : nodes) n.close();
            NodeProcess.deleteTree(data);
            schema.close();
        }
        notifyOnly(1, seconds);
        notifyOnly(4, seconds);
    }

    private static void run(HttpClient http, List<NodeProcess> nodes, String token, int rate, int seconds) throws Exception {
        int total = rate * seconds;
        List<Receiver> receivers = new ArrayList<>();
        List<WebSocket> subs = new ArrayList<>();
        for (NodeProcess n : nodes) {
            Receiver r = new Receiver(total);
            WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(n.ws("/live?token=" + token)), r).join();
            ws.sendText("{\"method\":\"subscribe\",\"attributes\":{\"topicName\":\"bench\"}}", true).join();
            receivers.add(r);
            subs.add(ws);
        }
        Thread.sleep(300);
        for (Receiver r : receivers) r.reset();
        int conns = (rate + PER_CONNECTION_PER_SECOND - 1) / PER_CONNECTION_PER_SECOND;
        List<WebSocket> pubs = new ArrayList<>();
        for (int i = 0; i < conns; i++) {
            pubs.add(http.newWebSocketBuilder().buildAsync(URI.create(nodes.get(0).ws("/live?token=" + token)), new Ignore()).join());
        }
        long start = System.nanoTime();
        long intervalNanos = 1_000_000_000L / rate;
        for (int i = 0; i < total; i++) {
            long due = start + i * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 50_000) LockSupport.parkNanos(wait);
            pubs.get(i % conns).sendText("{\"method\":\"new-message\",\"attributes\":{\"topicName\":\"bench\",\"message\":{\"t0\":"
                    + System.nanoTime() + "}}}", true).join();
        }
        long sent = System.nanoTime();
        for (int i = 0; i < 600; i++) {
            boolean all = true;
            for (Receiver r : receivers) all &= r.count.get() >= total;
            if (all) break;
            Thread.sleep(50);
        }
        double sendSeconds = (sent - start) / 1e9;
        System.out.printf("offered %d msg/s for %d s on node 1 (%d publisher connections): sent %d in %.2f s (%.0f/s)%n",
                rate, seconds, conns, total, sendSeconds, total / sendSeconds);
        for (int k = 0; k < receivers.size(); k++) {
            Receiver r = receivers.get(k);
            int n = Math.min(r.count.get(), total);
            long[] lat = Arrays.copyOf(r.latencies, n);
            Arrays.sort(lat);
            double span = (r.last.get() - start) / 1e9;
            System.out.printf("  node %d (%s): received %d of %d (%.0f/s over %.2f s), p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                    k + 1, k == 0 ? "publishing node" : "other node", r.count.get(), total, n / span, span,
                    n == 0 ? 0 : lat[n / 2] / 1e6, n == 0 ? 0 : lat[(int) (n * 0.99)] / 1e6, n == 0 ? 0 : lat[n - 1] / 1e6);
        }
        for (WebSocket w : pubs) w.abort();
        for (WebSocket w : subs) w.abort();
    }

    /** PostgreSQL alone: NOTIFY statements per second from {@code sessions} sessions, as one LISTEN session receives them. */
    private static void notifyOnly(int sessions, int seconds) throws Exception {
        String channel = "sb_bench_notify";
        try (Connection listen = TestServer.pgConnection()) {
            try (Statement s = listen.createStatement()) {
                s.execute("LISTEN " + channel);
            }
            PGConnection pg = listen.unwrap(PGConnection.class);
            AtomicLong received = new AtomicLong();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            List<Thread> senders = new ArrayList<>();
            AtomicLong sentCount = new AtomicLong();
            for (int t = 0; t < sessions; t++) {
                Thread th = new Thread(() -> {
                    try (Connection c = TestServer.pgConnection(); PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
                        ps.setString(1, channel);
                        ps.setString(2, "e|bench");
                        while (System.nanoTime() < end) {
                            ps.execute();
                            sentCount.incrementAndGet();
                        }
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                });
                th.start();
                senders.add(th);
            }
            long start = System.nanoTime();
            while (System.nanoTime() < end + TimeUnit.SECONDS.toNanos(1)) {
                var ns = pg.getNotifications(200);
                if (ns != null) received.addAndGet(ns.length);
            }
            for (Thread th : senders) th.join();
            double s = (end - start) / 1e9;
            System.out.printf("PostgreSQL NOTIFY alone, %d sending session(s), one transaction each: sent %.0f/s, received %.0f/s by one LISTEN session%n",
                    sessions, sentCount.get() / s, received.get() / s);
        }
    }

    /** Records latency from the "t0" in each event; parses nothing else. */
    private static final class Receiver implements WebSocket.Listener {
        final long[] latencies;
        final AtomicInteger count = new AtomicInteger();
        final AtomicLong last = new AtomicLong();
        private final StringBuilder partial = new StringBuilder();
        private volatile boolean counting;

        Receiver(int capacity) {
            latencies = new long[capacity];
        }

        void reset() {
            count.set(0);
            counting = true;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean lastPart) {
            partial.append(data);
            if (lastPart) {
                long now = System.nanoTime();
                String m = partial.toString();
                partial.setLength(0);
                int at = m.indexOf("\"t0\":");
                if (counting && at >= 0) {
                    int endAt = at + 5;
                    while (endAt < m.length() && Character.isDigit(m.charAt(endAt))) endAt++;
                    int i = count.getAndIncrement();
                    if (i < latencies.length) latencies[i] = now - Long.parseLong(m.substring(at + 5, endAt));
                    last.set(now);
                }
            }
            ws.request(1);
            return null;
        }
    }

    private static final class Ignore implements WebSocket.Listener {
        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            ws.request(1);
            return CompletableFuture.completedFuture(null);
        }
    }
}

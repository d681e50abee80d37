package io.switchboard.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.Json;
import io.switchboard.support.Api;
import io.switchboard.support.TestServer;
import io.switchboard.support.WsClient;

import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Not a test (never asserts timings): cross-node figures for bench/results/cluster-*.md.
 * {@code java -cp ... io.switchboard.cluster.ClusterBench NODES ROWS RAW} with SWITCHBOARD_TEST_DB_* set.
 * Part 1, end to end: ROWS entity creates over HTTP on node 1 (4 client threads), latency from
 * before the POST to receipt by a /live subscriber on each node. Part 2, the bus alone: RAW events
 * appended on node 1 as fast as the writer takes them, received by the bus reader of every other
 * node (append + NOTIFY + read; where PostgreSQL saturates). All nodes share one JVM and 2 cores.
 */
public final class ClusterBench {
    public static void main(String[] args) throws Exception {
        int nodeCount = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int raw = args.length > 2 ? Integer.parseInt(args[2]) : 20000;
        String schema = "sb_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        try (Connection c = TestServer.pgConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        String url = System.getenv("SWITCHBOARD_TEST_DB_URL");
        String shared = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        List<TestServer> nodes = new ArrayList<>();
        try {
            Api.User admin = null;
            for (int i = 0; i < nodeCount; i++) {
                nodes.add(new TestServer(TestServer.Db.POSTGRESQL, Map.of("db.url", shared, "node.id", "bench-" + (i + 1),
                        "log.level", "error")));
                if (admin == null) {
                    Api a = nodes.get(0).api();
                    admin = a.newUser("Admin");
                    a.post("/action/world/become_an_administrator", admin.token(), "{}");
                    a.createTable(admin.token(), "tick", "n:measurement", "t0:measurement");
                }
            }
            endToEnd(nodes, admin, rows);
            busOnly(nodes, raw);
        } finally {
            for (TestServer t : nodes) t.close();
            try (Connection c = TestServer.pgConnection(); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    private static void endToEnd(List<TestServer> nodes, Api.User admin, int rows) throws Exception {
        List<WsClient> subs = new ArrayList<>();
        for (TestServer n : nodes) {
            WsClient c = WsClient.connect("ws://127.0.0.1:" + n.port() + "/live?token=" + admin.token());
            c.send("{\"method\":\"subscribe\",\"attributes\":{\"topicName\":\"tick\"},\"id\":\"s1\"}");
            c.next();
            subs.add(c);
        }
        long[][] lats = new long[subs.size()][rows];
        long[] lastAt = new long[subs.size()];
        List<Thread> readers = new ArrayList<>();
        for (int k = 0; k < subs.size(); k++) {
            int kk = k;
            // read while the writes run, so the receipt time is the arrival time
            Thread r = new Thread(() -> {
                for (int i = 0; i < rows; i++) {
                    JsonNode ev = subs.get(kk).next(60);
                    lastAt[kk] = System.nanoTime();
                    lats[kk][i] = lastAt[kk] - ev.path("EventData").path("t0").asLong();
                }
            });
            r.start();
            readers.add(r);
        }
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        AtomicInteger next = new AtomicInteger();
        Api api = nodes.get(0).api();
        for (int t = 0; t < 4; t++) {
            pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < rows; i = next.getAndIncrement()) {
                    var attrs = Json.object().put("n", i).put("t0", System.nanoTime());
                    api.post("/api/tick", admin.token(), Api.resource("tick", attrs));
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.MINUTES);
        long written = System.nanoTime();
        for (Thread r : readers) r.join();
        System.out.printf("end-to-end: %d nodes, %d creates over HTTP on node 1 in %.2f s (%.0f/s)%n", nodes.size(), rows,
                (written - start) / 1e9, rows / ((written - start) / 1e9));
        for (int k = 0; k < subs.size(); k++) {
            long[] lat = lats[k];
            Arrays.sort(lat);
            System.out.printf("  node %d (%s): received %d, p50 %.2f ms, p99 %.2f ms, max %.2f ms, all received %.2f s after start%n",
                    k + 1, k == 0 ? "local" : "remote", rows, lat[rows / 2] / 1e6, lat[(int) (rows * 0.99)] / 1e6,
                    lat[rows - 1] / 1e6, (lastAt[k] - start) / 1e9);
            subs.get(k).close();
        }
    }

    private static void busOnly(List<TestServer> nodes, int raw) throws Exception {
        int remotes = nodes.size() - 1;
        CountDownLatch done = new CountDownLatch(remotes);
        List<long[]> lats = new ArrayList<>();
        for (int k = 1; k < nodes.size(); k++) {
            long[] lat = new long[raw];
            lats.add(lat);
            AtomicInteger got = new AtomicInteger();
            ClusterModule.running(nodes.get(k).server().nodeId()).bus().subscribe(ev -> {
                if (!ev.kind().equals("bench")) return;
                int i = got.getAndIncrement();
                if (i < raw) lat[i] = System.nanoTime() - Long.parseLong(ev.payload());
                if (i == raw - 1) done.countDown();
            });
        }
        PgClusterBus bus = ClusterModule.running(nodes.get(0).server().nodeId()).bus();
        long start = System.nanoTime();
        for (int i = 0; i < raw; i++) bus.publish("bench", "bench-topic-" + (i % 16), Long.toString(System.nanoTime()));
        boolean ok = done.await(5, TimeUnit.MINUTES);
        long end = System.nanoTime();
        System.out.printf("bus only: %d events appended on node 1, received by %d other node(s)%s in %.2f s: %.0f events/s per receiving node%n",
                raw, remotes, ok ? "" : " (NOT ALL)", (end - start) / 1e9, raw / ((end - start) / 1e9));
        for (int k = 0; k < lats.size(); k++) {
            long[] lat = lats.get(k);
            Arrays.sort(lat);
            System.out.printf("  node %d: p50 %.2f ms, p99 %.2f ms (includes queueing behind the burst)%n",
                    k + 2, lat[raw / 2] / 1e6, lat[(int) (raw * 0.99)] / 1e6);
        }
    }
}

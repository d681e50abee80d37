package io.switchboard.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.Json;
import io.switchboard.support.Api;
import io.switchboard.support.Api.User;
import io.switchboard.support.TestServer;
import io.switchboard.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Three nodes (in-process servers, each with its own HTTP port, event loops and pool) sharing one
 * PostgreSQL schema, with /live WebSocket subscribers on every node. PostgreSQL only: runs when
 * SWITCHBOARD_TEST_DB_URL is set and fails if the database is unreachable.
 */
@EnabledIfEnvironmentVariable(named = "SWITCHBOARD_TEST_DB_URL", matches = ".+")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterBusTest {
    private static final String[] NODES = {"node-a", "node-b", "node-c"};
    private SharedSchema shared;
    private String schema;
    private final List<TestServer> nodes = new ArrayList<>();
    private User admin;

    @BeforeAll
    void start() throws Exception {
        shared = new SharedSchema("sb_cluster_");
        schema = shared.name;
        for (String id : NODES) {
            nodes.add(new TestServer(TestServer.Db.POSTGRESQL, Map.of("db.url", shared.url, "node.id", id)));
            if (admin == null) {
                // the table exists before the other nodes start (schema changes do not travel yet)
                Api a = nodes.get(0).api();
                admin = a.newUser("Admin");
                assertEquals(200, a.post("/action/world/become_an_administrator", admin.token(), "{}").status());
                assertEquals(201, a.createTable(admin.token(), "note", "title:label", "origin:label", "n:measurement", "body:content", "meta:json").status());
            }
        }
    }

    @AfterAll
    void stop() throws Exception {
        for (TestServer t : nodes) t.close();
        if (shared != null) shared.close();
    }

    private WsClient subscriber(TestServer node) {
        WsClient c = WsClient.connect("ws://127.0.0.1:" + node.port() + "/live?token=" + admin.token());
        c.send("{\"method\":\"subscribe\",\"attributes\":{\"topicName\":\"note\"},\"id\":\"s1\"}");
        JsonNode ack = c.next();
        assertEquals("response", ack.path("EventType").asText(), ack.toString());
        return c;
    }

    private void createNote(TestServer node, String origin, int n) {
        var attrs = Json.object().put("title", origin + "-" + n).put("origin", origin).put("n", n);
        Api.Resp r = node.api().post("/api/note", admin.token(), Api.resource("note", attrs));
        assertEquals(201, r.status(), r.text());
    }

    /** Reads {@code count} create events and checks: each title once, per-origin order kept. */
    private static void assertReceivesExactlyOnceInOrder(WsClient c, String node, Set<String> expected) {
        Map<String, Integer> lastPerOrigin = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < expected.size(); i++) {
            JsonNode ev = c.next(20);
            assertEquals("create", ev.path("EventType").asText(), node + ": " + ev);
            JsonNode data = ev.path("EventData");
            String title = data.path("title").asText();
            assertTrue(expected.contains(title), node + " got unexpected " + title);
            assertTrue(seen.add(title), node + " got " + title + " twice");
            String origin = data.path("origin").asText();
            int n = data.path("n").asInt();
            Integer last = lastPerOrigin.put(origin, n);
            if (last != null) assertTrue(n > last, node + " got " + origin + " " + n + " after " + last);
        }
        assertEquals(expected, seen);
        assertTrue(c.quietFor(300), node + " got more events than were published");
    }

    private static void waitUntil(String what, BooleanSupplier cond) throws InterruptedException {
        for (int i = 0; i < 400; i++) {
            if (cond.getAsBoolean()) return;
            Thread.sleep(25);
        }
        fail("gave up waiting: " + what);
    }

    @Test
    void everyEventPublishedOnAnyNodeReachesASubscriberOnEveryNodeOnceAndInOrder() throws Exception {
        int perNode = 15;
        List<WsClient> subs = new ArrayList<>();
        for (TestServer n : nodes) subs.add(subscriber(n));
        try {
            Set<String> expected = new HashSet<>();
            ExecutorService pool = Executors.newFixedThreadPool(NODES.length);
            try {
                List<Future<?>> writers = new ArrayList<>();
                for (int k = 0; k < NODES.length; k++) {
                    TestServer node = nodes.get(k);
                    String origin = "p1-" + NODES[k];
                    for (int i = 0; i < perNode; i++) expected.add(origin + "-" + i);
                    // each node publishes its own sequence, concurrently with the others
                    writers.add(pool.submit(() -> {
                        for (int i = 0; i < perNode; i++) createNote(node, origin, i);
                    }));
                }
                for (Future<?> f : writers) f.get();
            } finally {
                pool.shutdown();
            }
            for (int k = 0; k < NODES.length; k++) assertReceivesExactlyOnceInOrder(subs.get(k), NODES[k], expected);
        } finally {
            subs.forEach(WsClient::close);
        }
    }

    @Test
    void eventLogGivesEveryTopicItsOwnSequenceAndNotificationsNeverCarryPayloads() throws Exception {
        // a payload far over NOTIFY's 8,000-byte limit still travels: only the id wakes readers
        String big = "x".repeat(20_000);
        try (WsClient sub = subscriber(nodes.get(1))) {
            var attrs = Json.object().put("title", "big").put("origin", "big").put("n", 1).put("body", big);
            attrs.set("meta", Json.parse("{\"k\":[1,2.5,true,null,\"s\"]}"));
            Api.Resp r = nodes.get(0).api().post("/api/note", admin.token(), Api.resource("note", attrs));
            assertEquals(201, r.status(), r.text());
            JsonNode ev = sub.next(20);
            assertEquals(big, ev.path("EventData").path("body").asText());
            assertEquals(1, ev.path("EventData").path("n").asInt());
            assertEquals(Json.parse("{\"k\":[1,2.5,true,null,\"s\"]}"), ev.path("EventData").path("meta"));
        }
        try (Connection c = TestServer.pgConnection();
             PreparedStatement ps = c.prepareStatement("SELECT topic_seq FROM " + schema + ".event_log WHERE topic = 'note' ORDER BY id");
             ResultSet rs = ps.executeQuery()) {
            long expect = -1;
            int rows = 0;
            while (rs.next()) {
                long seq = rs.getLong(1);
                if (expect >= 0) assertEquals(expect, seq, "per-topic sequence has a gap or repeats");
                expect = seq + 1;
                rows++;
            }
            assertTrue(rows > 0, "entity events are written to event_log");
        }
    }

    @Test
    void aNodeWhoseListenConnectionIsTerminatedCatchesUpFromTheEventLog() throws Exception {
        TestServer a = nodes.get(0);
        String b = NODES[1];
        PgClusterBus busB = ClusterModule.running(b).bus();
        long reconnectsBefore = busB.reconnectCount();
        long caughtUpBefore = busB.caughtUpCount();
        try (WsClient subB = subscriber(nodes.get(1))) {
            waitUntil("node-b listening", busB::connected);
            busB.holdReconnects(true);
            try (Connection c = TestServer.pgConnection();
                 PreparedStatement ps = c.prepareStatement(
                         "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ?")) {
                ps.setString(1, PgClusterBus.listenerApplicationName(b));
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next() && rs.getBoolean(1), "the LISTEN connection of node-b was found and terminated");
                }
            }
            waitUntil("node-b notices the lost connection", () -> !busB.connected());
            Set<String> expected = new HashSet<>();
            for (int i = 0; i < 8; i++) {
                createNote(a, "gap", i);
                expected.add("gap-" + i);
            }
            assertFalse(busB.connected(), "still disconnected while the events were written");
            busB.holdReconnects(false);
            assertReceivesExactlyOnceInOrder(subB, b, expected);
            assertTrue(busB.reconnectCount() > reconnectsBefore);
            // rows written by other tests may also be in the gap: at least our 8 came from the catch-up read
            long caughtUp = busB.caughtUpCount() - caughtUpBefore;
            assertTrue(caughtUp >= 8, "the 8 events came from the catch-up read, got " + caughtUp);
        } finally {
            busB.holdReconnects(false);
        }
    }

    @Test
    void aTableCreatedOnOneNodeIsUsableAndSubscribableOnTheOthers() throws Exception {
        Api.Resp r = nodes.get(1).api().createTable(admin.token(), "memo", "text:label");
        assertEquals(201, r.status(), r.text());
        TestServer a = nodes.get(0);
        TestServer c = nodes.get(2);
        waitUntil("node-a and node-c know the table", () -> a.server().store().registry().find("memo") != null
                && c.server().store().registry().find("memo") != null);
        try (WsClient sub = WsClient.connect("ws://127.0.0.1:" + a.port() + "/live?token=" + admin.token())) {
            sub.send("{\"method\":\"subscribe\",\"attributes\":{\"topicName\":\"memo\"},\"id\":\"s1\"}");
            assertEquals("response", sub.next().path("EventType").asText());
            r = c.api().post("/api/memo", admin.token(), Api.resource("memo", Json.object().put("text", "from c")));
            assertEquals(201, r.status(), r.text());
            JsonNode ev = sub.next(20);
            assertEquals("create", ev.path("EventType").asText());
            assertEquals("from c", ev.path("EventData").path("text").asText());
        }
    }

    @Test
    void trimDeletesEventsOlderThanTheConfiguredHoursAndKeepsRecentOnes() throws Exception {
        try (Connection c = TestServer.pgConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO " + schema + ".event_log (node_id, kind, topic, topic_seq, payload, created_at) VALUES "
                    + "('old-node', 'trim-test', 'trim-test', 1, 'old', now() - interval '25 hours'), "
                    + "('old-node', 'trim-test', 'trim-test', 2, 'recent', now() - interval '23 hours')");
        }
        int deleted = ClusterModule.running(NODES[0]).bus().trim(); // cluster.event_log.hours = 24
        assertTrue(deleted >= 1);
        try (Connection c = TestServer.pgConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT payload FROM " + schema + ".event_log WHERE topic = 'trim-test' ORDER BY id")) {
            assertTrue(rs.next());
            assertEquals("recent", rs.getString(1));
            assertFalse(rs.next(), "the 25-hour-old event is gone");
        }
    }

    @Test
    void trimAlsoKeepsTheLogWithinTheConfiguredNumberOfRows() throws Exception {
        try (Connection c = TestServer.pgConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO " + schema + ".event_log (node_id, kind, topic, topic_seq, payload, created_at) "
                    + "SELECT 'size-node', 'size-test', 'size-test', g, 'p' || g, now() FROM generate_series(1, 50) g");
        }
        Api.Resp r = nodes.get(0).api().send("PUT", "/_config/backend/cluster.event_log.max_rows", admin.token(),
                "application/json", "\"10\"", Map.of());
        assertEquals(200, r.status(), r.text());
        try {
            // once another node has applied it, the config change's own log row is written too
            waitUntil("node-c sees max_rows", () -> nodes.get(2).server().config().get("cluster.event_log.max_rows").equals("10"));
            int deleted = ClusterModule.running(NODES[0]).bus().trim();
            assertTrue(deleted >= 40, "deleted " + deleted);
            // the config change itself is a newer row: the 10 kept are the newest, whatever they are
            try (Connection c = TestServer.pgConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*), max(topic_seq), "
                         + "(SELECT count(*) FROM " + schema + ".event_log) FROM " + schema + ".event_log WHERE topic = 'size-test'")) {
                assertTrue(rs.next());
                assertEquals(10, rs.getLong(3), "the log keeps 10 rows");
                assertTrue(rs.getLong(1) >= 5 && rs.getLong(1) <= 9, "the newest of the 50 stay: " + rs.getLong(1));
                assertEquals(50, rs.getLong(2), "the oldest go first");
            }
        } finally {
            nodes.get(0).api().send("DELETE", "/_config/backend/cluster.event_log.max_rows", admin.token(), null, null, Map.of());
        }
    }

    @Test
    void aConfigChangeOnOneNodeTakesEffectOnEveryNode() throws Exception {
        Api.Resp r = nodes.get(2).api().send("PUT", "/_config/backend/cluster.event_log.hours", admin.token(),
                "application/json", "\"48\"", Map.of());
        assertEquals(200, r.status(), r.text());
        for (TestServer n : nodes) {
            waitUntil(n.server().nodeId() + " sees the new value",
                    () -> n.server().config().get("cluster.event_log.hours").equals("48"));
        }
        r = nodes.get(0).api().send("DELETE", "/_config/backend/cluster.event_log.hours", admin.token(), null, null, Map.of());
        assertEquals(204, r.status(), r.text());
        for (TestServer n : nodes) {
            waitUntil(n.server().nodeId() + " sees the default again",
                    () -> n.server().config().get("cluster.event_log.hours").equals("24"));
        }
    }

    @Test
    void statisticsShowNodeIdentityAndEveryNodeSeen() throws Exception {
        TestServer a = nodes.get(0);
        waitUntil("node-a has seen all nodes", () -> {
            JsonNode st = a.api().get("/statistics", admin.token()).json();
            JsonNode cl = findCluster(st);
            if (cl == null) return false;
            for (String id : NODES) if (!cl.path("nodes").has(id)) return false;
            return true;
        });
        JsonNode cl = findCluster(a.api().get("/statistics", admin.token()).json());
        assertEquals("node-a", cl.path("node_id").asText());
        assertTrue(cl.path("enabled").asBoolean());
        assertTrue(cl.path("nodes").path("node-b").has("last_heartbeat"));
    }

    static JsonNode findCluster(JsonNode st) {
        if (st.has("cluster")) return st.get("cluster");
        for (JsonNode v : st) {
            if (v.isObject() && v.has("cluster")) return v.get("cluster");
        }
        return null;
    }
}

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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Three Switchboard server PROCESSES bound to 127.0.0.1, 127.0.0.2 and 127.0.0.3, sharing one
 * PostgreSQL schema, with real WebSocket clients on each: the same events, once, in the same order,
 * with the same numbers on every node; kill -9 of a node mid-stream and recovery of its clients
 * (on the restarted node and on another one); a LISTEN connection terminated by the database.
 * PostgreSQL only (SWITCHBOARD_TEST_DB_URL); every wait is a bounded loop.
 */
@EnabledIfEnvironmentVariable(named = "SWITCHBOARD_TEST_DB_URL", matches = ".+")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterProcessTest {
    private static final String[] ADDRESSES = {"127.0.0.1", "127.0.0.2", "127.0.0.3"};
    private SharedSchema schema;
    private final List<NodeProcess> nodes = new ArrayList<>();
    private java.nio.file.Path sharedDataDir;
    private User admin;

    @BeforeAll
    void start() throws Exception {
        schema = new SharedSchema("sb_cproc_");
        String shared = schema.url;
        sharedDataDir = java.nio.file.Files.createTempDirectory("switchboard-cluster-data-");
        for (int i = 0; i < ADDRESSES.length; i++) {
            // mail: each node's SMTP listeners on its own address (the mail_server rows are shared),
            // IMAP on free ports of its address, LOGIN without TLS for the test client
            int[] ports = NodeProcess.freePorts(ADDRESSES[i], 4);
            nodes.add(new NodeProcess("node-" + (char) ('a' + i), ADDRESSES[i], shared, sharedDataDir, Map.of(
                    "http.port", Integer.toString(ports[3]),
                    "smtp.listen.override", ADDRESSES[i] + ":" + ports[0],
                    "imap.enabled", "true", "imap.auth.require_tls", "false",
                    "imap.port", Integer.toString(ports[1]),
                    "imaps.port", Integer.toString(ports[2]))));
        }
        for (NodeProcess n : nodes) n.start();
        Api a = api(0);
        admin = a.newUser("Admin");
        assertEquals(200, a.post("/action/world/become_an_administrator", admin.token(), "{}").status());
        assertEquals(201, a.createTable(admin.token(), "note", "title:label", "origin:label", "n:measurement").status());
        for (NodeProcess n : nodes) {
            waitUntil(n.id + " knows the note table", () -> new Api(n.base()).get("/api/note", admin.token()).status() == 200);
        }
    }

    @AfterAll
    void stop() throws Exception {
        for (NodeProcess n : nodes) n.close();
        if (sharedDataDir != null) NodeProcess.deleteTree(sharedDataDir);
        if (schema != null) schema.close();
    }

    private Api api(int node) {
        return new Api(nodes.get(node).base());
    }

    /** A /live client on the node subscribed to the topics (retrying while a custom topic is still travelling). */
    private WsClient live(int node, String topics, Long since) throws InterruptedException {
        WsClient c = WsClient.connect(nodes.get(node).ws("/live?token=" + admin.token()));
        for (int attempt = 0; attempt < 100; attempt++) {
            c.send("{\"method\":\"subscribe\",\"attributes\":{\"topicName\":\"" + topics + "\""
                    + (since == null ? "" : ",\"since\":" + since) + "}}");
            JsonNode ack = c.next();
            if (ack.path("EventType").asText().equals("response")) return c;
            assertTrue(ack.path("EventData").path("error").asText().startsWith("no such topic"), ack.toString());
            Thread.sleep(50);
        }
        fail("could not subscribe to " + topics + " on " + nodes.get(node).id);
        return c;
    }

    private void createNote(int node, String origin, int n) {
        var attrs = Json.object().put("title", origin + "-" + n).put("origin", origin).put("n", n);
        Api.Resp r = api(node).post("/api/note", admin.token(), Api.resource("note", attrs));
        assertEquals(201, r.status(), r.text());
    }

    /** What a /live event says, in a form comparable across nodes. */
    private record Seen(String topic, long seq, String what) {
    }

    private static Seen seen(JsonNode ev) {
        String what = ev.path("EventType").asText().equals("new-message")
                ? "msg:" + ev.path("EventData").path("origin").asText() + "-" + ev.path("EventData").path("n").asInt()
                : ev.path("EventType").asText() + ":" + ev.path("EventData").path("title").asText();
        return new Seen(ev.path("ObjectType").asText(), ev.path("EventSeq").asLong(), what);
    }

    private List<Seen> read(WsClient c, int count) {
        List<Seen> out = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) out.add(seen(c.next(30)));
        } catch (AssertionError e) {
            StringBuilder logs = new StringBuilder();
            for (NodeProcess n : nodes) logs.append("\n--- ").append(n.id).append(" ---\n").append(n.logTail());
            throw new AssertionError("got " + out.size() + " of " + count + ": " + out + logs, e);
        }
        return out;
    }

    /**
     * What a client whose node died still had in its queue (WsClient.quietFor puts a message back at
     * the end of the queue, so it is not used while several may be waiting).
     */
    private static List<Seen> drain(WsClient c, int atMost) {
        List<Seen> out = new ArrayList<>();
        for (int i = 0; i < atMost; i++) {
            try {
                out.add(seen(c.next(1)));
            } catch (AssertionError nothingMore) {
                break;
            }
        }
        return out;
    }

    /** Each topic's numbers in a list go up by exactly one: nothing missing, nothing twice, in order. */
    private static void assertContiguousPerTopic(List<Seen> events, String who) {
        Map<String, Long> last = new java.util.HashMap<>();
        for (Seen s : events) {
            Long before = last.put(s.topic(), s.seq());
            if (before != null) assertEquals(before + 1, s.seq(), who + ": " + s + " after " + before + " in " + events);
        }
    }

    private void waitUntil(String what, BooleanSupplier cond) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            if (cond.getAsBoolean()) return;
            Thread.sleep(50);
        }
        StringBuilder logs = new StringBuilder();
        for (NodeProcess n : nodes) logs.append("\n--- ").append(n.id).append(" ---\n").append(n.logTail());
        fail("gave up waiting: " + what + logs);
    }

    @Test
    void everyEventOnAnyNodeReachesASubscriberOnEveryNodeOnceInOrderWithTheSameNumbers() throws Exception {
        // a custom topic created on node b exists on every node
        try (WsClient owner = live(1, "note", null)) {
            owner.send("{\"method\":\"create-topicName\",\"attributes\":{\"name\":\"room\",\"permission\":2097151},\"id\":\"c\"}");
            assertEquals("response", owner.next().path("EventType").asText());
        }
        List<WsClient> subs = new ArrayList<>();
        WsClient wsDialect = null;
        try {
            for (int k = 0; k < nodes.size(); k++) subs.add(live(k, "note,room", null));
            wsDialect = WsClient.connect(nodes.get(2).ws("/ws?token=" + admin.token()));
            assertEquals("connected", wsDialect.next().path("type").asText());
            wsDialect.send("{\"action\":\"subscribe\",\"type\":\"content.created\",\"contentType\":\"note\"}");
            assertEquals("subscribed", wsDialect.next().path("type").asText());
            int perNode = 10;
            ExecutorService pool = Executors.newFixedThreadPool(nodes.size());
            try {
                List<Future<?>> writers = new ArrayList<>();
                for (int k = 0; k < nodes.size(); k++) {
                    int node = k;
                    String origin = nodes.get(k).id;
                    writers.add(pool.submit(() -> {
                        try (WsClient sender = WsClient.connect(nodes.get(node).ws("/live?token=" + admin.token()))) {
                            for (int i = 0; i < perNode; i++) {
                                createNote(node, origin, i);
                                sender.send("{\"method\":\"new-message\",\"attributes\":{\"topicName\":\"room\",\"message\":{\"origin\":\""
                                        + origin + "\",\"n\":" + i + "}}}");
                                // the answer says the server took it (closing at once could lose the last one)
                                JsonNode ack = sender.next(30);
                                assertEquals("response", ack.path("EventType").asText(), ack.toString());
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : writers) f.get();
            } finally {
                pool.shutdown();
            }
            int total = 2 * perNode * nodes.size();
            List<List<Seen>> perSubscriber = new ArrayList<>();
            for (int k = 0; k < subs.size(); k++) {
                List<Seen> got = read(subs.get(k), total);
                String who = nodes.get(k).id;
                assertEquals(total, new HashSet<>(got).size(), who + " got a duplicate: " + got);
                assertContiguousPerTopic(got, who);
                for (String origin : List.of("node-a", "node-b", "node-c")) {
                    for (String kind : List.of("create:", "msg:")) {
                        List<Integer> order = new ArrayList<>();
                        for (Seen s : got) if (s.what().startsWith(kind + origin)) order.add(Integer.parseInt(s.what().substring(s.what().lastIndexOf('-') + 1)));
                        assertEquals(java.util.stream.IntStream.range(0, perNode).boxed().toList(), order, who + " " + kind + origin);
                    }
                }
                assertTrue(subs.get(k).quietFor(300), who + " got more events than were published");
                perSubscriber.add(got);
            }
            // the same numbers everywhere: sorted by (topic, seq) every node saw exactly the same events
            List<List<Seen>> byNumber = new ArrayList<>();
            for (List<Seen> got : perSubscriber) {
                List<Seen> sorted = new ArrayList<>(got);
                sorted.sort(java.util.Comparator.comparing(Seen::topic).thenComparingLong(Seen::seq));
                byNumber.add(sorted);
            }
            assertEquals(byNumber.get(0), byNumber.get(1), "node-a and node-b number the events alike");
            assertEquals(byNumber.get(0), byNumber.get(2), "node-a and node-c number the events alike");
            // /ws on node c: payload.seq is the same number /live shows for that row
            Map<String, Long> liveSeqByTitle = new java.util.HashMap<>();
            for (Seen s : perSubscriber.get(0)) if (s.topic().equals("note")) liveSeqByTitle.put(s.what().substring("create:".length()), s.seq());
            for (int i = 0; i < perNode * nodes.size(); i++) {
                JsonNode m = wsDialect.next(30);
                assertEquals("content.created", m.path("type").asText(), m.toString());
                String title = m.path("payload").path("data").path("title").asText();
                assertEquals(liveSeqByTitle.get(title), m.path("payload").path("seq").asLong(), "/ws seq of " + title);
            }
            // destroyed on node a: the subscribers on every node are told, and the topic is gone everywhere
            try (WsClient owner = WsClient.connect(nodes.get(0).ws("/live?token=" + admin.token()))) {
                owner.send("{\"method\":\"destroy-topicName\",\"attributes\":{\"name\":\"room\"}}");
                assertEquals("response", owner.next().path("EventType").asText());
            }
            for (int k = 0; k < subs.size(); k++) {
                JsonNode gone = subs.get(k).next(30);
                assertEquals("topic-destroyed", gone.path("EventType").asText(), nodes.get(k).id + ": " + gone);
                assertEquals("room", gone.path("ObjectType").asText());
            }
        } finally {
            subs.forEach(WsClient::close);
            if (wsDialect != null) wsDialect.close();
        }
    }

    @Test
    void killedNodeRestartsAndClientsRecoverWhatTheyMissedThereAndOnAnotherNode() throws Exception {
        int victim = 2;
        int total = 60;
        WsClient onVictim = live(victim, "note", null);
        WsClient alsoOnVictim = live(victim, "note", null);
        List<Seen> first = new ArrayList<>();
        List<Seen> firstOther = new ArrayList<>();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            // node a publishes a stream; node c is killed in the middle of it
            Future<?> writer = pool.submit(() -> {
                for (int i = 0; i < total; i++) createNote(0, "stream", i);
                return null;
            });
            while (first.size() < 15) first.add(seen(onVictim.next(30)));
            nodes.get(victim).kill();
            first.addAll(drain(onVictim, total));
            firstOther.addAll(drain(alsoOnVictim, total));
            writer.get();
        } finally {
            pool.shutdown();
            onVictim.close();
            alsoOnVictim.close();
        }
        assertTrue(first.size() < total, "node c was killed before the stream ended (" + first.size() + " of " + total + ")");
        assertContiguousPerTopic(first, "before the kill");
        try (WsClient owner = WsClient.connect(nodes.get(0).ws("/live?token=" + admin.token()))) {
            owner.send("{\"method\":\"create-topicName\",\"attributes\":{\"name\":\"made-while-away\"}}");
            assertEquals("response", owner.next().path("EventType").asText());
        }
        nodes.get(victim).start();
        // a node that starts later knows the custom topics (cluster_state), at once
        try (WsClient lister = WsClient.connect(nodes.get(victim).ws("/live?token=" + admin.token()))) {
            lister.send("{\"method\":\"list-topicName\"}");
            JsonNode list = lister.next();
            assertTrue(list.path("EventData").path("topics").toString().contains("\"made-while-away\""), list.toString());
        }
        // back on the restarted node (empty memory: served from event_log), then live
        try (WsClient back = live(victim, "note", first.get(first.size() - 1).seq())) {
            List<Seen> rest = read(back, total - first.size());
            List<Seen> all = new ArrayList<>(first);
            all.addAll(rest);
            assertContiguousPerTopic(all, "across the restart");
            for (int i = 0; i < total; i++) assertEquals("create:stream-" + i, all.get(i).what());
            createNote(1, "after", 0);
            assertEquals("create:after-0", seen(back.next(30)).what(), "then live, no gap, no duplicate");
            assertTrue(back.quietFor(300));
        }
        // the other client of the dead node reconnects to node b instead (served from node b's history)
        long since = firstOther.isEmpty() ? first.get(0).seq() - 1 : firstOther.get(firstOther.size() - 1).seq();
        try (WsClient moved = live(1, "note", since)) {
            List<Seen> rest = read(moved, total - firstOther.size() + 1);
            List<Seen> all = new ArrayList<>(firstOther);
            all.addAll(rest);
            assertContiguousPerTopic(all, "moved to node b");
            assertEquals("create:after-0", all.get(all.size() - 1).what());
            assertTrue(moved.quietFor(300));
        }
        // the /ws dialect recovers across nodes the same way: "since" with a contentType, numbers in payload.seq
        long wsSince = first.get(first.size() - 1).seq();
        try (WsClient ws = WsClient.connect(nodes.get(0).ws("/ws?token=" + admin.token()))) {
            assertEquals("connected", ws.next().path("type").asText());
            ws.send("{\"action\":\"subscribe\",\"type\":\"content.created\",\"contentType\":\"note\",\"since\":" + wsSince + "}");
            assertEquals("subscribed", ws.next().path("type").asText());
            int expected = total - first.size() + 1; // the rest of the stream and "after-0"
            for (int i = 0; i < expected; i++) {
                JsonNode m = ws.next(30);
                assertEquals("content.created", m.path("type").asText(), m.toString());
                assertEquals(wsSince + 1 + i, m.path("payload").path("seq").asLong(), m.toString());
            }
            assertTrue(ws.quietFor(300));
        }
        // a gap longer than ws.resume.buffer (set cluster-wide on node a) is answered "too old"
        Api.Resp r = api(0).send("PUT", "/_config/backend/ws.resume.buffer", admin.token(), "application/json", "\"5\"", Map.of());
        assertEquals(200, r.status(), r.text());
        try {
            waitUntil("node c applies the new buffer", () -> {
                try (WsClient tooOld = WsClient.connect(nodes.get(victim).ws("/live?token=" + admin.token()))) {
                    tooOld.send("{\"method\":\"subscribe\",\"attributes\":{\"topicName\":\"note\",\"since\":" + first.get(0).seq() + "},\"id\":7}");
                    assertEquals("response", tooOld.next().path("EventType").asText());
                    JsonNode m = tooOld.next(30);
                    if (!m.path("EventType").asText().equals("error")) return false;
                    assertEquals("too old", m.path("EventData").path("error").asText(), m.toString());
                    assertEquals(7, m.path("id").asInt());
                    return true;
                }
            });
        } finally {
            api(0).delete("/_config/backend/ws.resume.buffer", admin.token());
        }
    }

    @Test
    void aNodeWhoseListenConnectionIsTerminatedCatchesUpFromTheEventLog() throws Exception {
        int b = 1;
        try (WsClient sub = live(b, "note", null)) {
            List<Seen> got = new ArrayList<>();
            long caughtUp = 0;
            int published = 0;
            // each round cuts node b's LISTEN connection and writes at once from node a; the reconnect
            // takes at least its 50 ms back-off, so the round's events are written while b is away
            for (int round = 0; round < 5 && caughtUp == 0; round++) {
                try (Connection c = TestServer.pgConnection();
                     PreparedStatement ps = c.prepareStatement(
                             "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ?")) {
                    ps.setString(1, PgClusterBus.listenerApplicationName(nodes.get(b).id));
                    try (ResultSet rs = ps.executeQuery()) {
                        assertTrue(rs.next() && rs.getBoolean(1), "the LISTEN connection of node-b was found and terminated");
                    }
                }
                for (int i = 0; i < 10; i++) createNote(0, "cut", published++);
                got.addAll(read(sub, 10));
                caughtUp = stats(b).path("events_caught_up").asLong();
                waitUntil("node b listens again", () -> stats(b).path("listening").asBoolean());
            }
            assertTrue(caughtUp > 0, "events written while node b was not listening came from its catch-up read");
            assertTrue(stats(b).path("listen_reconnects").asLong() > 0);
            assertContiguousPerTopic(got, "node b");
            for (int i = 0; i < published; i++) assertEquals("create:cut-" + i, got.get(i).what());
            assertTrue(sub.quietFor(300));
        }
    }

    @Test
    void mailListenersAndImapIdleFollowChangesMadeOnOtherNodes() throws Exception {
        if (!java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/bin/python3"))) fail("/usr/bin/python3 is missing: install the Debian package python3");
        Api a = api(0);
        assertEquals(200, a.send("PUT", "/_config/backend/smtp.enable", admin.token(), "application/json", "\"true\"", Map.of()).status());
        Api.Resp r = a.post("/api/mail_server", admin.token(), Api.resource("mail_server", Json.object().put("hostname", "cluster.test")
                .put("is_enabled", true).put("always_on_tls", false).put("authentication_required", false)));
        assertEquals(201, r.status(), r.text());
        String serverId = r.json().path("data").path("id").asText();
        r = a.post("/api/mail_account", admin.token(), Api.resource("mail_account",
                Json.object().put("username", "dora@cluster.test").put("password", "dora-password")));
        assertEquals(201, r.status(), r.text());
        // a row created on node a starts the listener on every node; disabling it there stops them all
        for (NodeProcess n : nodes) waitUntil(n.id + " SMTP listener up", () -> smtpGreets(n));
        r = a.patch("/api/mail_server/" + serverId, admin.token(), Api.resource("mail_server", Json.object().put("is_enabled", false)));
        assertEquals(200, r.status(), r.text());
        for (NodeProcess n : nodes) waitUntil(n.id + " SMTP listener stopped", () -> !smtpGreets(n));
        r = a.patch("/api/mail_server/" + serverId, admin.token(), Api.resource("mail_server", Json.object().put("is_enabled", true)));
        assertEquals(200, r.status(), r.text());
        for (NodeProcess n : nodes) waitUntil(n.id + " SMTP listener up again", () -> smtpGreets(n));
        // IMAP IDLE on node b is told about mail delivered over SMTP on node a
        NodeProcess b = nodes.get(1);
        String[] smtpA = nodes.get(0).setting("smtp.listen.override").split(":");
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("cluster-imap-");
        java.nio.file.Path script = dir.resolve("idle.py");
        java.nio.file.Files.writeString(script, """
                import imaplib, smtplib, sys, email.utils
                def check(cond, what):
                    if not cond:
                        print("FAILED: " + what); sys.exit(3)
                B = imaplib.IMAP4("%s", %s)
                B.login("dora@cluster.test", "dora-password")
                typ, data = B.select("INBOX")
                check(typ == "OK" and data[0] == b"0", "empty inbox on node b %%r" %% data)
                tag = B._new_tag()
                B.send(tag + b" IDLE\\r\\n")
                check(B.readline().startswith(b"+"), "idle continuation")
                s = smtplib.SMTP("%s", %s)
                s.sendmail("x@example.org", ["dora@cluster.test"], (b"From: <x@example.org>\\r\\nTo: dora@cluster.test\\r\\n"
                    b"Subject: across nodes\\r\\nDate: " + email.utils.formatdate().encode()
                    + b"\\r\\nMessage-ID: <across@example.org>\\r\\n\\r\\nhello from node a\\r\\n"))
                s.quit()
                B.sock.settimeout(60)
                line = B.readline()
                check(line.strip() == b"* 1 EXISTS", "node b pushed EXISTS %%r" %% line)
                B.send(b"DONE\\r\\n")
                check(B.readline().startswith(tag + b" OK"), "idle done")
                typ, data = B.fetch("1", "(BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
                check("across nodes" in repr(data), "subject %%r" %% data)
                B.logout()
                print("ALL GOOD")
                """.formatted(b.address, b.setting("imap.port"), smtpA[0], smtpA[1]));
        io.switchboard.support.ProcessRunner.Result out = io.switchboard.support.ProcessRunner.run(dir, 120, "/usr/bin/python3", script.toString());
        assertEquals(0, out.exit(), out.stdout() + out.stderr());
        assertTrue(out.stdout().contains("ALL GOOD"), out.stdout() + out.stderr());
    }

    /** True when the node's SMTP listener accepts a connection and greets with 220. */
    private static boolean smtpGreets(NodeProcess n) {
        String[] hp = n.setting("smtp.listen.override").split(":");
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress(hp[0], Integer.parseInt(hp[1])), 2000);
            s.setSoTimeout(5000);
            byte[] buf = new byte[3];
            return s.getInputStream().readNBytes(buf, 0, 3) == 3 && new String(buf, java.nio.charset.StandardCharsets.US_ASCII).equals("220");
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private JsonNode stats(int node) {
        return ClusterBusTest.findCluster(api(node).get("/statistics", admin.token()).json());
    }
}

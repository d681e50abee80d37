package io.switchboard.realtime;

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

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The /ws dialect (seed 003, ws.md) over real WebSockets. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WsDialectTest {
    private TestServer ts;
    private Api api;
    private User admin;
    private User alice;

    /** The database the suite runs on; the PostgreSQL subclass runs it clustered (numbers from the cluster log). */
    TestServer.Db db() {
        return TestServer.Db.H2;
    }

    @BeforeAll
    void start() throws Exception {
        ts = new TestServer(db(), Map.of("ws.heartbeat.seconds", "1"));
        api = ts.api();
        admin = api.newUser("Admin");
        assertEquals(200, api.post("/action/world/become_an_administrator", admin.token(), "{}").status());
        assertEquals(201, api.createTable(admin.token(), "posts", "title:label", "status:label").status());
        assertEquals(201, api.createTable(admin.token(), "pages", "title:label").status());
        alice = api.newUser("Alice");
    }

    @AfterAll
    void stop() throws Exception {
        ts.close();
    }

    private WsClient ws(String query) {
        return WsClient.connect("ws://127.0.0.1:" + ts.port() + "/ws" + query);
    }

    private String create(String table, String title, int permission) {
        var attrs = Json.object().put("title", title);
        if (permission >= 0) attrs.put("permission", permission);
        Api.Resp r = api.post("/api/" + table, alice.token(), Api.resource(table, attrs));
        assertEquals(201, r.status(), r.text());
        return r.json().path("data").path("id").asText();
    }

    @Test
    void greetsThenAuthenticatesInBand() {
        try (WsClient c = ws("")) {
            JsonNode hello = c.next();
            assertEquals("connected", hello.path("type").asText());
            assertTrue(hello.path("userId").isNull());
            assertEquals(1, hello.path("heartbeatInterval").asInt());
            assertTrue(hello.path("sessionId").asText().length() > 10);
            c.send("{\"action\":\"authenticate\",\"token\":\"" + alice.token() + "\"}");
            JsonNode auth = c.nextMatching(m -> m.path("type").asText().equals("authenticated"));
            assertEquals(alice.id(), auth.path("userId").asText());
        }
        try (WsClient bad = ws("")) {
            bad.next();
            bad.send("{\"action\":\"authenticate\",\"token\":\"nope\"}");
            JsonNode err = bad.nextMatching(m -> m.path("type").asText().equals("error"));
            assertEquals("UNAUTHORIZED", err.path("payload").path("code").asText());
            assertEquals(4401, bad.closeCode(5));
        }
    }

    @Test
    void wildcardsAndContentTypeSelectEvents() {
        try (WsClient c = ws("?token=" + alice.token()); WsClient all = ws("?token=" + alice.token())) {
            c.next();
            all.next();
            c.send("{\"action\":\"subscribe\",\"type\":\"content.created\",\"contentType\":\"posts\"}");
            assertEquals("subscribed", c.nextMatching(m -> !m.path("type").asText().startsWith("system")).path("type").asText());
            all.send("{\"action\":\"subscribe\",\"type\":\"*\"}");
            all.nextMatching(m -> m.path("type").asText().equals("subscribed"));
            String page = create("pages", "not for c", -1);
            String post = create("posts", "for c", -1);
            JsonNode ev = c.nextMatching(m -> m.path("type").asText().startsWith("content."));
            assertEquals("content.created", ev.path("type").asText());
            assertEquals(post, ev.path("payload").path("entryId").asText());
            assertEquals("posts", ev.path("payload").path("contentType").asText());
            assertEquals("for c", ev.path("payload").path("data").path("title").asText());
            assertEquals(alice.id(), ev.path("payload").path("userId").asText());
            assertTrue(ev.path("payload").path("seq").asLong() > 0);
            assertTrue(ev.path("timestamp").asText().endsWith("Z"));
            JsonNode first = all.nextMatching(m -> m.path("type").asText().startsWith("content."));
            JsonNode second = all.nextMatching(m -> m.path("type").asText().startsWith("content."));
            assertEquals(page, first.path("payload").path("entryId").asText());
            assertEquals(post, second.path("payload").path("entryId").asText());
            // update: only the wildcard subscriber, with a diff; published when status becomes published
            api.patch("/api/posts/" + post, alice.token(), Api.resource("posts", Json.object().put("status", "published")));
            JsonNode upd = all.nextMatching(m -> m.path("type").asText().startsWith("content."));
            assertEquals("content.updated", upd.path("type").asText());
            assertEquals("published", upd.path("payload").path("diff").path("status").path("to").asText());
            assertTrue(upd.path("payload").path("diff").path("status").path("from").isNull());
            assertEquals("content.published", all.nextMatching(m -> m.path("type").asText().startsWith("content.")).path("type").asText());
            api.delete("/api/posts/" + post, alice.token());
            JsonNode del = all.nextMatching(m -> m.path("type").asText().startsWith("content."));
            assertEquals("content.deleted", del.path("type").asText());
            assertTrue(del.path("payload").path("data").isMissingNode());
            assertTrue(c.quietFor(300) || c.nextMatching(m -> true).path("type").asText().startsWith("system"));
        }
    }

    @Test
    void subscribeWithSinceReplaysMissedChangesOfAContentType() {
        long seq;
        try (WsClient c = ws("?token=" + alice.token())) {
            c.next();
            c.send("{\"action\":\"subscribe\",\"type\":\"content.*\",\"contentType\":\"pages\"}");
            c.nextMatching(m -> m.path("type").asText().equals("subscribed"));
            create("pages", "seen", -1);
            seq = c.nextMatching(m -> m.path("type").asText().startsWith("content.")).path("payload").path("seq").asLong();
        }
        String missed = create("pages", "missed", -1);
        try (WsClient c = ws("?token=" + alice.token())) {
            c.next();
            c.send("{\"action\":\"subscribe\",\"type\":\"content.*\",\"contentType\":\"pages\",\"since\":" + seq + "}");
            assertEquals("subscribed", c.nextMatching(m -> !m.path("type").asText().startsWith("system")).path("type").asText());
            JsonNode replayed = c.nextMatching(m -> m.path("type").asText().startsWith("content."));
            assertEquals(missed, replayed.path("payload").path("entryId").asText());
            assertEquals(seq + 1, replayed.path("payload").path("seq").asLong());
        }
    }

    @Test
    void reconnectingWithTheSessionIdResumesSubscriptionsAndReplaysWhatWasMissed() throws InterruptedException {
        String sessionId;
        try (WsClient c = ws("?token=" + alice.token())) {
            sessionId = c.next().path("sessionId").asText();
            c.send("{\"action\":\"subscribe\",\"type\":\"content.created\",\"contentType\":\"posts\"}");
            c.nextMatching(m -> m.path("type").asText().equals("subscribed"));
            create("posts", "before", -1);
            c.nextMatching(m -> m.path("type").asText().startsWith("content."));
        }
        // "Missed while away" starts when the server has seen the socket go: an event published while the
        // close is still in flight is written to the old socket (and counted as sent there).
        awaitNoOpenWsConnections();
        String missed1 = create("posts", "missed 1", -1);
        String missed2 = create("posts", "missed 2", -1);
        try (WsClient c = ws("?token=" + alice.token() + "&sessionId=" + sessionId)) {
            JsonNode hello = c.next();
            assertEquals(sessionId, hello.path("sessionId").asText());
            assertTrue(hello.path("resumed").asBoolean());
            assertEquals(missed1, c.nextMatching(m -> m.path("type").asText().startsWith("content.")).path("payload").path("entryId").asText());
            assertEquals(missed2, c.nextMatching(m -> m.path("type").asText().startsWith("content.")).path("payload").path("entryId").asText());
            String live = create("posts", "live", -1);
            assertEquals(live, c.nextMatching(m -> m.path("type").asText().startsWith("content.")).path("payload").path("entryId").asText());
        }
        try (WsClient c = ws("?token=" + alice.token() + "&sessionId=no-such-session")) {
            JsonNode hello = c.next();
            assertTrue(!hello.path("resumed").asBoolean());
            assertEquals("error", c.nextMatching(m -> !m.path("type").asText().startsWith("system")).path("type").asText());
        }
    }

    private void awaitNoOpenWsConnections() throws InterruptedException {
        for (int i = 0; i < 400 && ts.server().connectionStats().openByProtocol().getOrDefault("ws", 0L) > 0; i++) {
            Thread.sleep(25);
        }
        assertEquals(0L, ts.server().connectionStats().openByProtocol().getOrDefault("ws", 0L), "the server still holds the closed /ws connection");
    }

    @Test
    void guestsSeeOnlyGuestReadableContent() {
        try (WsClient guest = ws("")) {
            guest.next();
            guest.send("{\"action\":\"subscribe\",\"type\":\"content.*\",\"contentType\":\"posts\"}");
            guest.nextMatching(m -> m.path("type").asText().equals("subscribed"));
            create("posts", "private", -1);
            String pub = create("posts", "public", 65408 | 2);
            JsonNode ev = guest.nextMatching(m -> m.path("type").asText().startsWith("content."));
            assertEquals(pub, ev.path("payload").path("entryId").asText());
        }
    }

    @Test
    void heartbeatsFlowAndSilentClientsAreClosed() {
        try (WsClient talker = ws(""); WsClient silent = ws("")) {
            talker.next();
            silent.next();
            for (int i = 0; i < 5; i++) {
                JsonNode hb = talker.nextMatching(m -> m.path("type").asText().equals("system.heartbeat"));
                assertTrue(hb.path("timestamp").asText().endsWith("Z"));
                talker.send("{\"action\":\"pong\"}");
            }
            assertEquals(4408, silent.closeCode(10));
            assertTrue(talker.isOpen());
        }
    }

    @Test
    void badMessagesGetErrorsAndTheConnectionStays() {
        try (WsClient c = ws("")) {
            c.next();
            c.send("nope");
            assertEquals("INVALID_MESSAGE", c.nextMatching(m -> m.path("type").asText().equals("error")).path("payload").path("code").asText());
            c.send("{\"action\":\"dance\"}");
            assertEquals("INVALID_MESSAGE", c.nextMatching(m -> m.path("type").asText().equals("error")).path("payload").path("code").asText());
            c.send("{\"action\":\"subscribe\",\"type\":\"content.*\",\"contentType\":\"no_such\"}");
            assertEquals("UNAUTHORIZED", c.nextMatching(m -> m.path("type").asText().equals("error")).path("payload").path("code").asText());
            c.sendBinary(new byte[]{0, 1});
            assertEquals("INVALID_MESSAGE", c.nextMatching(m -> m.path("type").asText().equals("error")).path("payload").path("code").asText());
            c.send("{\"action\":\"pong\"}");
            assertTrue(c.isOpen());
        }
    }
}

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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The /live dialect (seed 000, live.md) over real WebSockets. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveDialectTest {
    private TestServer ts;
    private Api api;
    private User admin;
    private User alice;
    private User bob;

    /** The database the suite runs on; the PostgreSQL subclass runs it clustered (numbers from the cluster log). */
    TestServer.Db db() {
        return TestServer.Db.H2;
    }

    @BeforeAll
    void start() throws Exception {
        ts = new TestServer(db(), Map.of("ws.max_message", "65536"));
        api = ts.api();
        admin = api.newUser("Admin");
        assertEquals(200, api.post("/action/world/become_an_administrator", admin.token(), "{}").status());
        assertEquals(201, api.createTable(admin.token(), "document", "title:label", "status:label", "views:measurement").status());
        alice = api.newUser("Alice");
        bob = api.newUser("Bob");
    }

    @AfterAll
    void stop() throws Exception {
        ts.close();
    }

    private WsClient live(User u) {
        return WsClient.connect("ws://127.0.0.1:" + ts.port() + "/live?token=" + u.token());
    }

    private static String subscribe(String topics, String filters) {
        return "{\"method\":\"subscribe\",\"attributes\":{\"topicName\":\"" + topics + "\""
                + (filters == null ? "" : ",\"filters\":" + filters) + "},\"id\":\"s1\"}";
    }

    private String createDocument(User u, String title, int permission) {
        var attrs = Json.object().put("title", title).put("views", 7);
        if (permission >= 0) attrs.put("permission", permission);
        Api.Resp r = api.post("/api/document", u.token(), Api.resource("document", attrs));
        assertEquals(201, r.status(), r.text());
        return r.json().path("data").path("id").asText();
    }

    @Test
    void subscriberReceivesCreateUpdateDeleteInTheSeedShape() {
        try (WsClient c = live(alice)) {
            c.send(subscribe("document", null));
            JsonNode ack = c.next();
            assertEquals("response", ack.path("EventType").asText());
            assertEquals("subscribe", ack.path("ObjectType").asText());
            assertEquals("s1", ack.path("id").asText());
            String id = createDocument(alice, "shape", -1);
            JsonNode ev = c.nextMatching(m -> m.path("EventType").asText().equals("create"));
            assertEquals("database", ev.path("MessageSource").asText());
            assertEquals("document", ev.path("ObjectType").asText());
            JsonNode data = ev.path("EventData");
            assertEquals("document", data.path("__type").asText());
            assertEquals(id, data.path("reference_id").asText());
            assertEquals("shape", data.path("title").asText());
            assertTrue(data.path("created_at").asText().endsWith("Z"));
            assertTrue(ev.path("EventSeq").asLong() > 0);
            api.patch("/api/document/" + id, alice.token(), Api.resource("document", Json.object().put("title", "shape2")));
            JsonNode up = c.nextMatching(m -> m.path("EventType").asText().equals("update"));
            assertEquals("shape2", up.path("EventData").path("title").asText());
            assertTrue(up.path("EventSeq").asLong() > ev.path("EventSeq").asLong());
            api.delete("/api/document/" + id, alice.token());
            JsonNode del = c.nextMatching(m -> m.path("EventType").asText().equals("delete"));
            assertEquals(id, del.path("EventData").path("reference_id").asText());
        }
    }

    @Test
    void filtersSelectEventTypesAndColumnValues() {
        try (WsClient c = live(alice)) {
            c.send(subscribe("document", "{\"EventType\":\"update|delete\",\"title\":\"wanted\"}"));
            c.next();
            String a = createDocument(alice, "wanted", -1); // create: filtered out by EventType
            String b = createDocument(alice, "other", -1);
            api.patch("/api/document/" + b, alice.token(), Api.resource("document", Json.object().put("views", 1))); // title differs
            api.patch("/api/document/" + a, alice.token(), Api.resource("document", Json.object().put("views", 2)));
            JsonNode ev = c.next();
            assertEquals("update", ev.path("EventType").asText());
            assertEquals(a, ev.path("EventData").path("reference_id").asText());
            assertTrue(c.quietFor(300));
        }
    }

    @Test
    void usersOnlyReceiveRowsTheyMayRead() {
        try (WsClient ca = live(alice); WsClient cb = live(bob)) {
            ca.send(subscribe("document", null));
            cb.send(subscribe("document", null));
            ca.next();
            cb.next();
            String priv = createDocument(alice, "alice only", -1);
            String pub = createDocument(alice, "everyone", 65408 | 2);
            assertEquals(priv, ca.next().path("EventData").path("reference_id").asText());
            assertEquals(pub, ca.next().path("EventData").path("reference_id").asText());
            JsonNode seenByBob = cb.next();
            assertEquals(pub, seenByBob.path("EventData").path("reference_id").asText(), "bob never sees alice's private row");
            assertTrue(cb.quietFor(300));
        }
    }

    @Test
    void customTopicsCreatePublishAndDestroy() {
        try (WsClient owner = live(alice); WsClient other = live(bob)) {
            owner.send("{\"method\":\"create-topicName\",\"attributes\":{\"name\":\"chat-room\",\"permission\":" + (16256 | 2) + "}}");
            assertEquals("response", owner.next().path("EventType").asText());
            owner.send("{\"method\":\"create-topicName\",\"attributes\":{\"name\":\"chat-room\"}}");
            assertEquals("error", owner.next().path("EventType").asText());
            other.send(subscribe("chat-room", null));
            assertEquals("response", other.next().path("EventType").asText());
            owner.send(subscribe("chat-room", null));
            owner.next();
            owner.send("{\"method\":\"new-message\",\"attributes\":{\"topicName\":\"chat-room\",\"message\":{\"text\":\"hi\"}}}");
            JsonNode got = other.nextMatching(m -> m.path("EventType").asText().equals("new-message"));
            assertEquals(alice.id(), got.path("MessageSource").asText());
            assertEquals("chat-room", got.path("ObjectType").asText());
            assertEquals("hi", got.path("EventData").path("text").asText());
            // bob may read but not publish (no execute bit) nor destroy
            other.send("{\"method\":\"new-message\",\"attributes\":{\"topicName\":\"chat-room\",\"message\":{\"text\":\"x\"}}}");
            assertEquals("error", other.next().path("EventType").asText());
            other.send("{\"method\":\"destroy-topicName\",\"attributes\":{\"name\":\"chat-room\"}}");
            assertEquals("error", other.next().path("EventType").asText());
            other.send("{\"method\":\"destroy-topicName\",\"attributes\":{\"name\":\"document\"}}");
            assertTrue(other.next().path("EventData").path("error").asText().contains("system"));
            // the topic is listed, then destroyed by its owner; subscribers are told
            other.send("{\"method\":\"list-topicName\"}");
            JsonNode list = other.next();
            assertEquals("topicName-list", list.path("ObjectType").asText());
            assertTrue(list.path("EventData").path("topics").toString().contains("chat-room"));
            owner.send("{\"method\":\"destroy-topicName\",\"attributes\":{\"name\":\"chat-room\"}}");
            JsonNode gone = other.nextMatching(m -> m.path("EventType").asText().equals("topic-destroyed"));
            assertEquals("chat-room", gone.path("ObjectType").asText());
            // HTTP publish to a destroyed topic fails; to a live one works
            Api.Resp r = api.post("/action/world/publish_to_topic", alice.token(), "{\"attributes\":{\"topicName\":\"chat-room\",\"message\":{}}}");
            assertEquals(400, r.status());
        }
    }

    @Test
    void resubscribingWithSinceReplaysWhatWasMissedThenGoesLive() {
        long lastSeen;
        try (WsClient c = live(alice)) {
            c.send("{\"method\":\"create-topicName\",\"attributes\":{\"name\":\"resume\"}}");
            c.next();
            c.send(subscribe("resume", null));
            c.next();
            for (int i = 1; i <= 3; i++) publish("resume", i);
            for (int i = 1; i <= 3; i++) assertEquals(i, c.next().path("EventData").path("n").asInt());
            lastSeen = 3;
        }
        for (int i = 4; i <= 6; i++) publish("resume", i); // missed while away
        try (WsClient c = live(alice)) {
            c.send("{\"method\":\"subscribe\",\"attributes\":{\"topicName\":\"resume\",\"since\":" + lastSeen + "}}");
            assertEquals("response", c.next().path("EventType").asText());
            for (int i = 4; i <= 6; i++) {
                JsonNode m = c.next();
                assertEquals(i, m.path("EventData").path("n").asInt(), "replayed in order");
                assertEquals(i, m.path("EventSeq").asLong());
            }
            publish("resume", 7);
            assertEquals(7, c.next().path("EventData").path("n").asInt(), "then live, no gap, no duplicate");
            assertTrue(c.quietFor(200));
        }
        assertEquals(200, api.send("PUT", "/_config/backend/ws.resume.buffer", admin.token(), null, "\"2\"", Map.of()).status());
        try {
            for (int i = 8; i <= 10; i++) publish("resume", i);
            try (WsClient c = live(alice)) {
                c.send("{\"method\":\"subscribe\",\"attributes\":{\"topicName\":\"resume\",\"since\":1}}");
                c.next();
                JsonNode err = c.next();
                assertEquals("error", err.path("EventType").asText());
                assertEquals("too old", err.path("EventData").path("error").asText());
            }
        } finally {
            api.delete("/_config/backend/ws.resume.buffer", admin.token());
        }
    }

    private void publish(String topic, int n) {
        Api.Resp r = api.post("/action/world/publish_to_topic", alice.token(),
                "{\"attributes\":{\"topicName\":\"" + topic + "\",\"message\":{\"n\":" + n + "}}}");
        assertEquals(200, r.status(), r.text());
    }

    @Test
    void httpPublishReachesSubscribers() {
        try (WsClient c = live(alice)) {
            c.send("{\"method\":\"create-topicName\",\"attributes\":{\"name\":\"news\"}}");
            c.next();
            c.send(subscribe("news", null));
            c.next();
            Api.Resp r = api.post("/action/world/publish_to_topic", alice.token(), "{\"attributes\":{\"topicName\":\"news\",\"message\":{\"n\":1}}}");
            assertEquals(200, r.status(), r.text());
            assertEquals(1, c.next().path("EventData").path("n").asInt());
            assertEquals(400, api.post("/action/world/publish_to_topic", bob.token(), "{\"attributes\":{\"topicName\":\"news\",\"message\":{}}}").status());
        }
    }

    @Test
    void handshakeWithoutOrWithABadTokenIs401() throws Exception {
        for (String q : new String[]{"", "?token=garbage"}) {
            assertEquals(401, handshakeStatus(ts.port(), "/live" + q, ""), q);
        }
        // the token may also come as a cookie or bearer header
        try (WsClient c = WsClient.connect("ws://127.0.0.1:" + ts.port() + "/live", Map.of("Authorization", "Bearer " + alice.token()))) {
            c.send("{\"method\":\"ping\",\"id\":7}");
            JsonNode pong = c.next();
            assertEquals("pong", pong.path("EventType").asText());
            assertEquals(7, pong.path("id").asInt());
        }
    }

    @Test
    void badInputGetsAnErrorAndTheConnectionStaysOpen() {
        try (WsClient c = live(alice); WsClient bystander = live(bob)) {
            bystander.send(subscribe("document", null));
            bystander.next();
            c.send("{not json");
            assertEquals("error", c.next().path("EventType").asText());
            c.send("[1,2]");
            assertEquals("error", c.next().path("EventType").asText());
            c.send("{\"method\":\"explode\"}");
            JsonNode unknown = c.next();
            assertEquals("explode", unknown.path("EventData").path("method").asText());
            assertTrue(unknown.path("EventData").path("error").asText().contains("unknown method"));
            c.send(subscribe("no_such_table", null));
            assertEquals("error", c.next().path("EventType").asText());
            c.send(subscribe("document", "{\"EventType\":5}"));
            assertEquals("error", c.next().path("EventType").asText());
            c.sendBinary(new byte[]{1, 2, 3});
            assertEquals("error", c.next().path("EventType").asText());
            // a burst of subscribe requests: each answered (or rate-limited), connection alive
            boolean cutOff = false;
            for (int i = 0; i < 10_000 && !cutOff; i++) {
                try {
                    c.send(subscribe("document", null));
                } catch (java.util.concurrent.CompletionException e) {
                    cutOff = true; // the server closed an abusive client mid-burst
                }
            }
            if (cutOff) {
                assertEquals(1008, c.closeCode(5), "an abusive burst is closed with 1008");
            } else {
                for (int answered = 0; answered < 200; answered++) c.next();
                assertTrue(c.isOpen() || c.closeCode(5) == 1008, "either alive or closed as abusive with 1008");
            }
            // others are unaffected
            String pub = createDocument(bob, "still flowing", -1);
            assertEquals(pub, bystander.nextMatching(m -> m.path("EventType").asText().equals("create")).path("EventData").path("reference_id").asText());
        }
    }

    @Test
    void oversizedMessageClosesWith1009AndOthersAreUnaffected() throws Exception {
        try (WsClient other = live(bob)) {
            assertEquals(1009, io.switchboard.support.RawWebSocket.oversizedFrameCloseCode(ts.port(), "/live?token=" + alice.token(), 70_000));
            other.send("{\"method\":\"ping\"}");
            assertEquals("pong", other.next().path("EventType").asText());
        }
    }

    /** Sends a raw upgrade request and returns the HTTP status of the answer. */
    static int handshakeStatus(int port, String path, String extraHeaders) throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            String req = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                    + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" + extraHeaders + "\r\n";
            s.getOutputStream().write(req.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            StringBuilder line = new StringBuilder();
            for (int c; (c = s.getInputStream().read()) != -1 && c != '\n'; ) line.append((char) c);
            return Integer.parseInt(line.toString().split(" ")[1]);
        }
    }

    @Test
    void guestAndForeignOriginAreRefused() throws Exception {
        assertEquals(200, api.send("PUT", "/_config/backend/ws.origins", admin.token(), null, "\"https://app.example\"", Map.of()).status());
        try {
            assertEquals(403, handshakeStatus(ts.port(), "/live?token=" + alice.token(), "Origin: https://evil.example\r\n"));
            try (WsClient ok = WsClient.connect("ws://127.0.0.1:" + ts.port() + "/live?token=" + alice.token(),
                    Map.of("Origin", "https://app.example"))) {
                assertFalse(ok.closeCodeQuick());
            }
        } finally {
            api.delete("/_config/backend/ws.origins", admin.token());
        }
    }
}

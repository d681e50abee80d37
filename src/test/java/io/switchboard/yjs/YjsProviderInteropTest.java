package io.switchboard.yjs;

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

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** y-websocket's WebsocketProvider (npm) against the server's Yjs endpoints. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class YjsProviderInteropTest {
    private TestServer ts;
    private Api api;
    private User admin;
    private User alice;
    private User bob;
    private Path clients;

    @BeforeAll
    void start() throws Exception {
        clients = NodeScript.clients();
        ts = new TestServer(TestServer.Db.H2, Map.of("yjs.max_message", "1048576"));
        api = ts.api();
        admin = api.newUser("Admin");
        assertEquals(200, api.post("/action/world/become_an_administrator", admin.token(), "{}").status());
        assertEquals(201, api.createTable(admin.token(), "document", "title:label", "content:file.document").status());
        alice = api.newUser("Alice");
        bob = api.newUser("Bob");
    }

    @AfterAll
    void stop() throws Exception {
        ts.close();
    }

    private Map<String, JsonNode> run(String... args) throws Exception {
        return NodeScript.run(clients, "provider.mjs", args);
    }

    private String wsBase() {
        return "ws://127.0.0.1:" + ts.port();
    }

    @Test
    void clientsConvergeShareAwarenessAndSurviveARestart() throws Exception {
        Map<String, JsonNode> r = run("converge", wsBase(), alice.token(), "notes-1");
        assertTrue(r.get("converged").asBoolean(), r.toString());
        assertEquals(100, r.get("text-length").asInt());
        assertTrue(r.get("awareness-seen").asBoolean(), "awareness relayed");
        assertTrue(r.get("awareness-cleared").asBoolean(), "awareness removed on leave");
        assertTrue(r.get("late-joiner-text").asBoolean(), "late joiner has the full state");
        assertEquals(49, r.get("late-joiner-map").asInt());
        assertTrue(r.get("offline-synced").asBoolean(), "offline edits synced on reconnect");
        String finalText = r.get("final-text").asText();
        ts.restart();
        api = ts.api();
        Map<String, JsonNode> after = run("read", wsBase(), bob.token(), "notes-1");
        assertEquals(finalText, after.get("text").asText(), "acknowledged updates survive a restart");
    }

    @Test
    void readOnlyUsersReceiveButCannotChangeARowDocument() throws Exception {
        Api.Resp row = api.post("/api/document", alice.token(), Api.resource("document",
                Json.object().put("title", "shared").put("permission", 65408 | 2)));
        assertEquals(201, row.status(), row.text());
        String id = row.json().path("data").path("id").asText();
        Map<String, JsonNode> r = run("readonly", wsBase(), alice.token(), "/live/document/" + id + "/content", bob.token());
        assertTrue(r.get("reader-sees-writer").asBoolean(), r.toString());
        assertEquals("owner text", r.get("writer-text-after-reader-edit").asText());
        assertEquals("owner text", r.get("stored-text").asText());
        Map<String, JsonNode> seed = run("seedurl", wsBase(), alice.token(), "/live/document/" + id + "/content/yjs");
        assertTrue(seed.get("seed-url-synced").asBoolean(), "the seed's URL form (token before the room) works");
    }

    @Test
    void aRowSeededWithYjsContentsOpensWithThatStateAndReadsBackTheLiveState() throws Exception {
        String seed = run("make-update", wsBase(), "-", "seeded text").get("update").asText();
        var entry = Json.object().put("name", "doc.yjs").put("type", "x-crdt/yjs").put("contents", seed);
        var attrs = Json.object().put("title", "seeded").put("permission", 65408 | 2);
        attrs.putArray("content").add(entry);
        Api.Resp row = api.post("/api/document", alice.token(), Api.resource("document", attrs));
        assertEquals(201, row.status(), row.text());
        String id = row.json().path("data").path("id").asText();
        String path = "/live/document/" + id + "/content";
        String text = "";
        for (int i = 0; i < 50 && !text.equals("seeded text"); i++) {
            text = run("readrow", wsBase(), alice.token(), path).get("text").asText();
        }
        assertEquals("seeded text", text, "the document starts from the row's Yjs contents");
        // edit through a provider, then the row shows the merged live state in the same form
        Map<String, JsonNode> edit = run("readonly", wsBase(), alice.token(), path, bob.token());
        assertTrue(edit.get("stored-text").asText().startsWith("owner text"), edit.toString());
        JsonNode file = api.get("/api/document/" + id, alice.token()).json().path("data").path("attributes").path("content").get(0);
        assertEquals("x-crdt/yjs", file.path("type").asText());
        assertEquals("owner textseeded text", run("decode", wsBase(), "-", file.path("contents").asText()).get("text").asText());
        // deleting the row deletes its document
        assertEquals(204, api.delete("/api/document/" + id, alice.token()).status());
    }

    @Test
    void accessRulesAtTheHandshake() throws Exception {
        Api.Resp row = api.post("/api/document", alice.token(), Api.resource("document", Json.object().put("title", "private")));
        String id = row.json().path("data").path("id").asText();
        int port = ts.port();
        assertEquals(404, handshake(port, "/live/document/" + id + "/content/yjs?token=" + bob.token()), "no permission: 404");
        assertEquals(403, handshake(port, "/live/document/" + id + "/content/yjs"), "guest: 403");
        assertEquals(400, handshake(port, "/live/document/not-a-uuid/content/yjs?token=" + alice.token()));
        assertEquals(404, handshake(port, "/live/document/" + id + "/title/yjs?token=" + alice.token()), "not a file column");
        assertEquals(401, handshake(port, "/yjs/free-doc"), "free documents need a user");
        assertEquals(404, handshake(port, "/yjs/document." + id + ".content?token=" + bob.token()), "row-shaped names get row checks");
        assertEquals(101, handshake(port, "/yjs/free-doc?token=" + bob.token()));
        assertEquals(200, api.send("PUT", "/_config/backend/yjs.enabled", admin.token(), null, "\"false\"", Map.of()).status());
        try {
            assertEquals(404, handshake(port, "/yjs/free-doc?token=" + bob.token()), "yjs.enabled=false");
        } finally {
            api.send("PUT", "/_config/backend/yjs.enabled", admin.token(), null, "\"true\"", Map.of());
        }
    }

    @Test
    void malformedInputClosesTheConnectionAndLeavesTheDocumentIntact() throws Exception {
        String url = wsBase() + "/yjs/fragile?token=" + alice.token();
        Map<String, JsonNode> seeded = run("converge", wsBase(), alice.token(), "fragile");
        String text = seeded.get("final-text").asText();
        for (byte[] garbage : List.of(new byte[]{0, 2, 5, 1, 2}, new byte[]{0, 2, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1},
                new byte[]{9, 9, 9}, new byte[]{0, 7, 0})) {
            try (WsClient c = WsClient.connect(url)) {
                c.sendBinary(garbage);
                int code = c.closeCode(10);
                assertTrue(code == 1007 || code == 1003, "closed with a protocol error, got " + code);
            }
        }
        try (WsClient c = WsClient.connect(url)) {
            c.send("text is not y-websocket");
            assertEquals(1003, c.closeCode(10));
        }
        assertEquals(1009, io.switchboard.support.RawWebSocket.oversizedFrameCloseCode(ts.port(), "/yjs/fragile?token=" + alice.token(), 2 * 1024 * 1024));
        assertEquals(text, run("read", wsBase(), bob.token(), "fragile").get("text").asText());
    }

    static int handshake(int port, String path) throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            String req = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                    + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";
            s.getOutputStream().write(req.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            StringBuilder line = new StringBuilder();
            for (int c; (c = s.getInputStream().read()) != -1 && c != '\n'; ) line.append((char) c);
            return Integer.parseInt(line.toString().split(" ")[1]);
        }
    }
}

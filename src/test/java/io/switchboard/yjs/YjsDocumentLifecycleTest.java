package io.switchboard.yjs;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.Json;
import io.switchboard.support.Api;
import io.switchboard.support.Api.User;
import io.switchboard.support.RawWebSocket;
import io.switchboard.support.TestServer;
import io.switchboard.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What happens to a stored document over its life (issue 4): idle rooms are unloaded and come back
 * with their state, deleting a row closes its document's peers and deletes the stored document, and
 * malformed updates close the connection without a byte of storage changing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class YjsDocumentLifecycleTest {
    private TestServer ts;
    private Api api;
    private User alice;
    private User bob;
    private Path clients;
    private YjsRooms rooms;

    @BeforeAll
    void start() throws Exception {
        clients = NodeScript.clients();
        ts = new TestServer(TestServer.Db.H2, Map.of());
        api = ts.api();
        User admin = api.newUser("Admin");
        assertEquals(200, api.post("/action/world/become_an_administrator", admin.token(), "{}").status());
        assertEquals(201, api.createTable(admin.token(), "sheet", "title:label", "content:file.document").status());
        alice = api.newUser("Alice");
        bob = api.newUser("Bob");
        rooms = ts.server().module(YjsModule.class).rooms();
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

    private static void waitUntil(String what, BooleanSupplier cond) throws InterruptedException {
        for (int i = 0; i < 400; i++) {
            if (cond.getAsBoolean()) return;
            Thread.sleep(25);
        }
        fail("gave up waiting: " + what);
    }

    private int peersOf(String doc) {
        YjsRoom room = rooms.loaded(doc);
        if (room == null) return 0;
        try {
            return room.loop.submit(room::peerCount).get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Every file of the document store with its bytes. */
    private Map<String, List<Byte>> storedFiles() throws Exception {
        Map<String, List<Byte>> files = new TreeMap<>();
        Path dir = YjsModule.storagePath(ts.server());
        try (var walk = Files.list(dir)) {
            for (Path p : walk.toList()) {
                byte[] b = Files.readAllBytes(p);
                Byte[] boxed = new Byte[b.length];
                for (int i = 0; i < b.length; i++) boxed[i] = b[i];
                files.put(p.getFileName().toString(), Arrays.asList(boxed));
            }
        }
        return files;
    }

    @Test
    void anIdleDocumentIsUnloadedAndComesBackWithItsState() throws Exception {
        rooms.idleMillis(300);
        try {
            String text = run("converge", wsBase(), alice.token(), "idle-doc").get("final-text").asText();
            assertEquals(107, text.length(), "100 edits and the offline 'OFFLINE'");
            waitUntil("the idle room is unloaded", () -> rooms.loaded("idle-doc") == null);
            assertEquals(text, run("read", wsBase(), bob.token(), "idle-doc").get("text").asText(), "reloaded from storage");
        } finally {
            rooms.idleMillis(YjsRooms.DEFAULT_IDLE_MILLIS);
        }
    }

    @Test
    void deletingARowClosesItsDocumentsPeersAndDeletesTheStoredDocument() throws Exception {
        Api.Resp row = api.post("/api/sheet", alice.token(), Api.resource("sheet", Json.object().put("title", "t").put("permission", 65408 | 2)));
        assertEquals(201, row.status(), row.text());
        String id = row.json().path("data").path("id").asText();
        String doc = "sheet." + id + ".content";
        Map<String, JsonNode> edit = run("readonly", wsBase(), alice.token(), "/live/sheet/" + id + "/content", bob.token());
        assertEquals("owner text", edit.get("stored-text").asText());
        assertFalse(rooms.store().load(doc).isEmpty(), "stored");
        try (WsClient peer = WsClient.connect(wsBase() + "/live/sheet/" + id + "/content/yjs?token=" + alice.token())) {
            waitUntil("the peer joined", () -> peersOf(doc) == 1);
            assertEquals(204, api.delete("/api/sheet/" + id, alice.token()).status());
            assertEquals(YjsRoom.CLOSE_DELETED, peer.closeCode(10), "connected peers are closed");
        }
        waitUntil("the stored document is deleted", () -> {
            try {
                return rooms.store().load(doc).isEmpty();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertNull(rooms.loaded(doc));
        String stem = YjsFileStore.stem(doc);
        assertTrue(storedFiles().keySet().stream().noneMatch(f -> f.startsWith(stem)), "no file of the document is left");
    }

    @Test
    void malformedUpdatesCloseTheConnectionWithoutChangingStorage() throws Exception {
        String text = run("converge", wsBase(), alice.token(), "guarded").get("final-text").asText();
        byte[] good = Base64.getDecoder().decode(run("make-update", wsBase(), "-", "hello").get("update").asText());
        Map<String, List<Byte>> before = storedFiles();
        assertFalse(before.isEmpty());
        String url = wsBase() + "/yjs/guarded?token=" + alice.token();
        List<byte[]> updates = List.of(
                Arrays.copyOf(good, good.length - 3),                          // truncated
                new byte[]{1, 5, 9, 9, 9, 9, 9, 9, 9},                         // garbage structs
                new byte[]{(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f, 0}, // huge varint
                concat(good, new byte[]{42}));                                 // trailing bytes
        for (byte[] u : updates) {
            for (int step : new int[]{1, 2}) { // sync step 2 and update messages
                try (WsClient c = WsClient.connect(url)) {
                    c.sendBinary(syncMessage(step, u));
                    assertEquals(YjsRoom.CLOSE_BAD_DATA, c.closeCode(10), "closed as bad data");
                }
            }
        }
        try (WsClient c = WsClient.connect(url)) {
            c.sendBinary(new byte[]{7, 1, 2});
            assertEquals(YjsRoom.CLOSE_UNSUPPORTED, c.closeCode(10), "unknown message type");
        }
        assertEquals(1009, RawWebSocket.oversizedFrameCloseCode(ts.port(), "/yjs/guarded?token=" + alice.token(), 50L * 1024 * 1024),
                "a 50 MB update is refused by the message limit");
        assertEquals(before, storedFiles(), "storage is byte for byte what it was");
        assertEquals(text, run("read", wsBase(), bob.token(), "guarded").get("text").asText());
        assertNotNull(rooms.loaded("guarded"));
    }

    private static byte[] syncMessage(int step, byte[] update) {
        Lib0Encoder out = new Lib0Encoder(update.length + 8);
        out.writeVarUint(0);
        out.writeVarUint(step);
        out.writeVarUint8Array(update);
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}

package io.switchboard.yjs;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.Json;
import io.switchboard.support.Api;
import io.switchboard.support.Api.User;
import io.switchboard.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Yjs rooms spanning two nodes (in-process servers with their own ports, event loops and data
 * directories) that share one PostgreSQL schema, driven by real yjs / y-websocket providers in Node.
 * PostgreSQL only: runs when SWITCHBOARD_TEST_DB_URL is set.
 */
@EnabledIfEnvironmentVariable(named = "SWITCHBOARD_TEST_DB_URL", matches = ".+")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class YjsClusterTest {
    private final String schema = "sb_yjs_cluster_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final List<TestServer> nodes = new ArrayList<>();
    private Path clients;
    private User alice;

    @BeforeAll
    void start() throws Exception {
        clients = NodeScript.clients();
        try (Connection c = TestServer.pgConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        String url = System.getenv("SWITCHBOARD_TEST_DB_URL");
        String shared = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        for (String id : List.of("yjs-node-a", "yjs-node-b")) {
            nodes.add(new TestServer(TestServer.Db.POSTGRESQL, Map.of("db.url", shared, "node.id", id)));
        }
        alice = nodes.get(0).api().newUser("Alice");
    }

    @AfterAll
    void stop() throws Exception {
        for (TestServer t : nodes) t.close();
        try (Connection c = TestServer.pgConnection(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    private String ws(int node) {
        return "ws://127.0.0.1:" + nodes.get(node).port();
    }


    private long storedRows(String doc) throws Exception {
        try (Connection c = TestServer.pgConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM " + schema + ".yjs_update WHERE doc = ?")) {
            ps.setString(1, doc);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void clientsOnDifferentNodesConvergeAndTheMergedStateSurvivesARestartOfBothNodes() throws Exception {
        String room = "cluster-notes";
        Map<String, JsonNode> r = NodeScript.run(clients, "two-nodes.mjs", ws(0), ws(1), alice.token(), room);
        assertTrue(r.get("first-edit-crossed").asBoolean(), "an update applied on node A reaches the peer on node B: " + r);
        assertTrue(r.get("converged").asBoolean(), "concurrent edits on both nodes converge: " + r);
        assertTrue(r.get("late-joiner-on-b").asBoolean(), "a late joiner on node B gets the whole document");
        String text = r.get("text").asText();
        assertEquals(81, text.length());
        assertTrue(storedRows(room) > 0, "the document lives in the shared database");
        for (TestServer t : nodes) t.restart();
        for (int node = 0; node < 2; node++) {
            Map<String, JsonNode> after = NodeScript.run(clients, "provider.mjs", "read", ws(node), alice.token(), room);
            assertEquals(text, after.get("text").asText(), "node " + node + " has the merged state after a restart");
        }
    }

    @Test
    void deletingARowOnOneNodeDeletesItsDocumentForEveryNode() throws Exception {
        Api a = nodes.get(0).api();
        User admin = a.newUser("Admin");
        assertEquals(200, a.post("/action/world/become_an_administrator", admin.token(), "{}").status());
        assertEquals(201, a.createTable(admin.token(), "memo", "title:label", "body:file.document").status());
        for (int i = 0; i < 200 && nodes.get(1).server().store().registry().find("memo") == null; i++) Thread.sleep(25);
        User bob = a.newUser("Bob");
        Api.Resp row = a.post("/api/memo", admin.token(), Api.resource("memo", Json.object().put("title", "m").put("permission", 65408 | 2)));
        assertEquals(201, row.status(), row.text());
        String id = row.json().path("data").path("id").asText();
        String path = "/live/memo/" + id + "/body";
        Map<String, JsonNode> edit = NodeScript.run(clients, "provider.mjs", "readonly", ws(1), admin.token(), path, bob.token());
        assertTrue(edit.get("stored-text").asText().startsWith("owner text"), edit.toString());
        String doc = "memo." + id + ".body";
        assertTrue(storedRows(doc) > 0);
        assertEquals(204, a.delete("/api/memo/" + id, admin.token()).status());
        for (int i = 0; i < 400 && storedRows(doc) > 0; i++) Thread.sleep(25);
        assertEquals(0, storedRows(doc), "the document's rows are gone");
    }
}

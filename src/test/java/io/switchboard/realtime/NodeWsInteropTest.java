package io.switchboard.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.Json;
import io.switchboard.support.Api;
import io.switchboard.support.Api.User;
import io.switchboard.support.ProcessRunner;
import io.switchboard.support.TestServer;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The npm `ws` client (which negotiates permessage-deflate) against /live and /ws. */
class NodeWsInteropTest {
    @Test
    void npmWsClientReceivesExactEventShapesOnBothDialects() throws Exception {
        Path clients = ProcessRunner.requireNodeModule("node", "ws");
        try (TestServer ts = TestServer.h2()) {
            Api api = ts.api();
            User admin = api.newUser("Admin");
            assertEquals(200, api.post("/action/world/become_an_administrator", admin.token(), "{}").status());
            assertEquals(201, api.createTable(admin.token(), "note", "title:label").status());
            User u = api.newUser("Node");
            ProcessRunner.Result r = ProcessRunner.run(clients, 60, "node", "realtime/interop.mjs", ts.baseUrl(), u.token(), "note");
            assertEquals(0, r.exit(), r.stderr());
            List<JsonNode> lines = r.lines().stream().map(Json::parse).toList();
            assertEquals("permessage-deflate", lines.stream().filter(l -> l.path("kind").asText().equals("live-extensions"))
                    .findFirst().orElseThrow().path("value").asText());
            String id = lines.stream().filter(l -> l.path("kind").asText().equals("created-id")).findFirst().orElseThrow().path("value").asText();
            List<JsonNode> live = lines.stream().filter(l -> l.path("kind").asText().equals("live")).map(l -> l.get("value")).toList();
            assertEquals("subscribe", live.get(0).path("ObjectType").asText());
            assertEquals("sub", live.get(0).path("id").asText());
            List<JsonNode> events = live.stream().filter(m -> m.path("MessageSource").asText().equals("database")).toList();
            assertEquals(List.of("create", "update", "delete"), events.stream().map(m -> m.path("EventType").asText()).toList());
            for (JsonNode e : events) {
                assertEquals("note", e.path("ObjectType").asText());
                assertEquals("note", e.path("EventData").path("__type").asText());
                assertEquals(id, e.path("EventData").path("reference_id").asText());
            }
            assertEquals("edited in node", events.get(1).path("EventData").path("title").asText());
            List<JsonNode> ws = lines.stream().filter(l -> l.path("kind").asText().equals("ws")).map(l -> l.get("value")).toList();
            assertEquals("connected", ws.get(0).path("type").asText());
            List<String> types = ws.stream().map(m -> m.path("type").asText()).filter(t -> t.startsWith("content.")).toList();
            assertEquals(List.of("content.created", "content.updated", "content.deleted"), types);
            assertTrue(ws.stream().anyMatch(m -> m.path("type").asText().equals("content.updated")
                    && m.path("payload").path("diff").path("title").path("to").asText().equals("edited in node")));
        }
    }
}

package io.switchboard.dav;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.Json;
import io.switchboard.support.Api;
import io.switchboard.support.TestServer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The same CalDAV/CardDAV flows from JavaScript with npm tsdav (clients/dav/tsdav-flow.mjs). */
class TsdavTest {
    @Test
    void tsdavDiscoversCreatesQueriesUpdatesDeletesAndSyncsCalendarsAndContacts() throws Exception {
        String node = Tools.require("node", "nodejs");
        Path clients = Path.of("clients", "dav").toAbsolutePath();
        if (!Files.isDirectory(clients.resolve("node_modules").resolve("tsdav"))) {
            fail("npm package tsdav missing: run 'npm ci' in " + clients);
        }
        try (TestServer ts = new TestServer(TestServer.Db.H2, Map.of("caldav.enable", "true"))) {
            Api.User u = ts.api().newUser("Ts");
            Tools.Result r = Tools.run(clients, List.of(node, "tsdav-flow.mjs", ts.baseUrl(), u.email(), u.password()), Map.of(), 120);
            assertEquals(0, r.exit(), r.output());
            JsonNode out = Json.parse(r.output().strip().lines().reduce((x, y) -> y).orElse(""));
            String home = ts.baseUrl() + "/caldav/" + u.id() + "/";
            assertEquals(home, out.get("principal").asText(), "discovered through /.well-known/caldav");
            assertEquals(home, out.get("home").asText());
            assertEquals("[\"Team\"]", out.get("calendars").toString());
            assertEquals("[\"a.ics\",\"r.ics\"]", out.get("april").toString(), "the monthly recurrence has an April instance");
            assertEquals(3, out.get("all").asInt());
            assertEquals(204, out.get("update").asInt());
            assertEquals(412, out.get("staleUpdate").asInt(), "If-Match with the old etag");
            assertEquals(204, out.get("delete").asInt());
            assertEquals("[\"a.ics:207\",\"b.ics:404\"]", out.get("syncHrefs").toString());
            assertTrue(out.get("ctagChanged").asBoolean());
            assertEquals(ts.baseUrl() + "/carddav/" + u.id() + "/", out.get("cardHome").asText());
            assertEquals("[\"Friends\"]", out.get("books").toString());
            assertEquals("[true]", out.get("cards").toString());
        }
    }
}

package io.switchboard.dav;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.Json;
import io.switchboard.support.Api;
import io.switchboard.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 6638 basics with python3-caldav: schedule-inbox-URL / schedule-outbox-URL and a busy-time POST to the outbox. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SchedulingTest {
    private TestServer ts;

    @BeforeAll
    void start() throws Exception {
        ts = new TestServer(TestServer.Db.H2, Map.of("caldav.enable", "true"));
    }

    @AfterAll
    void stop() throws Exception {
        ts.close();
    }

    @Test
    void python3CaldavFindsTheMailboxesAndGetsBusyTimeOfALocalUserFromTheOutbox() throws Exception {
        Path dir = Files.createTempDirectory("caldav-sched-");
        String python = Tools.requirePythonModule(dir, "caldav", "python3-caldav");
        Api.User org = ts.api().newUser("Organizer");
        Api.User att = ts.api().newUser("Attendee");
        Path script = Path.of(getClass().getResource("/dav/scheduling_client.py").toURI());
        Tools.Result r = Tools.run(dir, List.of(python, script.toString(), ts.baseUrl() + "/caldav/", org.email(), org.password(),
                att.email(), att.password()), Map.of(), 120);
        assertEquals(0, r.exit(), r.output());
        JsonNode out = Json.parse(r.output().strip().lines().reduce((x, y) -> y).orElse(""));
        assertEquals(ts.baseUrl() + "/caldav/" + org.id() + "/inbox/", out.get("inbox").asText());
        assertEquals(ts.baseUrl() + "/caldav/" + org.id() + "/outbox/", out.get("outbox").asText());
        assertEquals(200, out.get("status").asInt(), out.toString());
        String resp = out.get("response").asText();
        assertTrue(resp.contains("schedule-response"), resp);
        assertTrue(resp.contains("2.0;Success") && resp.contains("FREEBUSY:20260415T090000Z/20260415T100000Z"), resp);
        assertFalse(resp.contains("20260415T140000Z/"), "transparent events are free: " + resp);
        assertFalse(resp.contains("Secret meeting"), "busy time only, no details: " + resp);
        assertTrue(resp.contains("METHOD:REPLY"), resp);
        assertTrue(resp.contains("mailto:nobody@example.invalid") && resp.contains("3.7;Invalid calendar user"), resp);
        assertEquals(403, out.get("forged_status").asInt(), "the ORGANIZER must be the caller");

        Dav d = new Dav(ts.baseUrl(), org.email(), org.password());
        Dav.Resp inbox = d.propfind("/caldav/" + org.id() + "/inbox/", "0", "<D:propfind xmlns:D=\"DAV:\"><D:prop><D:resourcetype/></D:prop></D:propfind>");
        assertTrue(inbox.body().contains("schedule-inbox"), inbox.body());
        assertEquals(405, d.send("MKCALENDAR", "/caldav/" + org.id() + "/outbox/", null).status(), "the mailbox names are taken");
    }
}

package io.switchboard.dav;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.Json;
import io.switchboard.entity.EntityEvent;
import io.switchboard.support.Api;
import io.switchboard.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CalDAV with python3-caldav (Debian) and raw requests for the refusals; the caldav.enable toggle. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CalDavTest {
    static final String EVENT = """
            BEGIN:VCALENDAR\r
            VERSION:2.0\r
            PRODID:-//test//EN\r
            BEGIN:VEVENT\r
            UID:%s\r
            DTSTAMP:20260101T000000Z\r
            DTSTART:20260301T100000Z\r
            DTEND:20260301T110000Z\r
            SUMMARY:%s\r
            END:VEVENT\r
            END:VCALENDAR\r
            """;

    private TestServer ts;
    private final List<EntityEvent> events = new CopyOnWriteArrayList<>();

    /** The database this suite runs on; the PostgreSQL subclass overrides it. */
    TestServer.Db db() {
        return TestServer.Db.H2;
    }

    @BeforeAll
    void start() throws Exception {
        ts = new TestServer(db(), Map.of("caldav.enable", "true"));
        ts.server().eventBus().subscribe(events::add);
    }

    @AfterAll
    void stop() throws Exception {
        ts.close();
    }

    @Test
    void python3CaldavDiscoversCreatesSearchesRecurringEventsTodosSyncsAndMultigets() throws Exception {
        Path dir = Files.createTempDirectory("caldav-");
        String python = Tools.requirePythonModule(dir, "caldav", "python3-caldav");
        URL script = getClass().getResource("/dav/caldav_client.py");
        Api.User u = ts.api().newUser("Cal");
        Tools.Result r = Tools.run(dir, List.of(python, Path.of(script.toURI()).toString(), ts.baseUrl() + "/caldav/",
                u.email(), u.password()), Map.of(), 120);
        assertEquals(0, r.exit(), r.output());
        String last = r.output().strip().lines().reduce((x, y) -> y).orElse("");
        JsonNode out = Json.parse(last);
        String home = ts.baseUrl() + "/caldav/" + u.id() + "/";
        assertEquals(home, out.get("principal").asText());
        assertEquals(home, out.get("home").asText());
        assertEquals(home + "work/", out.get("calendar").asText());
        assertEquals(3, out.get("events").asInt());
        assertEquals("[\"weekly-1@example.com\"]", out.get("june").toString(), "only the recurring event has June instances");
        assertEquals("[\"single-1@example.com\"]", out.get("march10").toString());
        assertEquals("[\"2026-06-01T09:00:00+00:00\",\"2026-06-08T09:00:00+00:00\",\"2026-06-15T09:00:00+00:00\","
                + "\"2026-06-22T09:00:00+00:00\",\"2026-06-29T09:00:00+00:00\"]", out.get("june_expanded").toString(), "expanded by the server");
        assertEquals(0, out.get("june_expanded_rrules").asInt());
        assertEquals(0, out.get("y2027").asInt(), "COUNT=52 ends in December 2026");
        assertEquals("[\"todo-1@example.com\"]", out.get("open_todos").toString());
        assertEquals(2, out.get("all_todos").asInt());
        assertEquals(5, out.get("sync_initial").asInt());
        assertEquals("[\"january-1%40example.com.ics\",\"single-1%40example.com.ics\"]", out.get("sync_changed").toString());
        assertTrue(out.get("sync_token_changed").asBoolean());
        assertEquals("[\"single-1@example.com\",\"weekly-1@example.com\"]", out.get("multiget").toString());
        // entity events for the calendar and its items, like any entity
        assertTrue(events.stream().anyMatch(e -> e.table().equals("calendar") && e.type() == EntityEvent.Type.CREATE));
        assertTrue(events.stream().anyMatch(e -> e.table().equals("calendar_item") && e.type() == EntityEvent.Type.DELETE));
        assertTrue(events.stream().filter(e -> e.table().equals("calendar_item")).count() >= 7);
    }

    @Test
    void invalidCalendarDataIsRefusedWithThePreconditionAndNothingIsStored() {
        Api.User u = ts.api().newUser("Bad");
        Dav d = new Dav(ts.baseUrl(), u.email(), u.password());
        String cal = "/caldav/" + u.id() + "/events/";
        Dav.Resp mk = d.send("MKCALENDAR", cal, "<C:mkcalendar xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><D:set><D:prop>"
                + "<D:displayname>Events</D:displayname><C:supported-calendar-component-set><C:comp name=\"VEVENT\"/>"
                + "</C:supported-calendar-component-set></D:prop></D:set></C:mkcalendar>", "Content-Type", "application/xml");
        assertEquals(201, mk.status());
        assertEquals(405, d.send("MKCALENDAR", cal, null).status());

        Dav.Resp garbage = d.put(cal + "x.ics", "BEGIN:VCALENDAR\r\nthis is not ical\r\n", "text/calendar");
        assertEquals(403, garbage.status());
        assertTrue(garbage.body().contains("valid-calendar-data"), garbage.body());
        assertEquals(404, d.send("GET", cal + "x.ics", null).status());

        String twoUids = EVENT.formatted("a", "A").replace("END:VCALENDAR\r\n", "")
                + "BEGIN:VEVENT\r\nUID:b\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260301T100000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        Dav.Resp two = d.put(cal + "two.ics", twoUids, "text/calendar");
        assertEquals(403, two.status());
        assertTrue(two.body().contains("valid-calendar-object-resource"), two.body());

        String todo = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VTODO\r\nUID:t1\r\nDTSTAMP:20260101T000000Z\r\n"
                + "SUMMARY:x\r\nEND:VTODO\r\nEND:VCALENDAR\r\n";
        Dav.Resp unsupported = d.put(cal + "t1.ics", todo, "text/calendar");
        assertEquals(403, unsupported.status());
        assertTrue(unsupported.body().contains("supported-calendar-component"), unsupported.body());

        assertEquals(201, d.put(cal + "one.ics", EVENT.formatted("same-uid", "first"), "text/calendar").status());
        Dav.Resp dup = d.put(cal + "other.ics", EVENT.formatted("same-uid", "second"), "text/calendar");
        assertEquals(403, dup.status());
        assertTrue(dup.body().contains("no-uid-conflict") && dup.body().contains("one.ics"), dup.body());
        assertEquals(404, d.send("GET", cal + "other.ics", null).status());
        assertEquals(412, d.put(cal + "one.ics", EVENT.formatted("same-uid", "again"), "text/calendar", "If-None-Match", "*").status());

        Dav.Resp ms = d.propfind(cal, "1", "<D:propfind xmlns:D=\"DAV:\"><D:prop><D:getetag/></D:prop></D:propfind>");
        assertEquals(2, ms.body().split("<D:response>").length - 1, ms.body());
    }

    @Test
    void freeBusyQueryReportsBusyTimeIncludingRecurrences() {
        Api.User u = ts.api().newUser("Busy");
        Dav d = new Dav(ts.baseUrl(), u.email(), u.password());
        String cal = "/caldav/" + u.id() + "/fb/";
        assertEquals(201, d.send("MKCALENDAR", cal, null).status());
        String daily = EVENT.formatted("daily", "Daily").replace("SUMMARY:Daily\r\n", "SUMMARY:Daily\r\nRRULE:FREQ=DAILY\r\n");
        assertEquals(201, d.put(cal + "daily.ics", daily, "text/calendar").status());
        Dav.Resp fb = d.report(cal, "1", "<C:free-busy-query xmlns:C=\"urn:ietf:params:xml:ns:caldav\">"
                + "<C:time-range start=\"20260310T000000Z\" end=\"20260312T000000Z\"/></C:free-busy-query>");
        assertEquals(200, fb.status());
        assertTrue(fb.body().contains("FREEBUSY:20260310T100000Z/20260310T110000Z"), fb.body());
        assertTrue(fb.body().contains("FREEBUSY:20260311T100000Z/20260311T110000Z"), fb.body());
    }

    @Test
    void calendarQueryWithExpandReturnsOneInstancePerOccurrenceAndHonoursOverrides() {
        Api.User u = ts.api().newUser("Expand");
        Dav d = new Dav(ts.baseUrl(), u.email(), u.password());
        String cal = "/caldav/" + u.id() + "/x/";
        assertEquals(201, d.send("MKCALENDAR", cal, null).status());
        String daily = EVENT.formatted("d1", "Daily").replace("SUMMARY:Daily\r\n", "SUMMARY:Daily\r\nRRULE:FREQ=DAILY;COUNT=10\r\n")
                .replace("END:VCALENDAR\r\n", "BEGIN:VEVENT\r\nUID:d1\r\nDTSTAMP:20260101T000000Z\r\nRECURRENCE-ID:20260303T100000Z\r\n"
                        + "DTSTART:20260303T150000Z\r\nDTEND:20260303T160000Z\r\nSUMMARY:Moved\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
        assertEquals(201, d.put(cal + "d1.ics", daily, "text/calendar").status());
        Dav.Resp r = d.report(cal, "1", "<C:calendar-query xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><D:prop>"
                + "<C:calendar-data><C:expand start=\"20260302T000000Z\" end=\"20260305T000000Z\"/></C:calendar-data></D:prop>"
                + "<C:filter><C:comp-filter name=\"VCALENDAR\"><C:comp-filter name=\"VEVENT\"><C:time-range start=\"20260302T000000Z\" "
                + "end=\"20260305T000000Z\"/></C:comp-filter></C:comp-filter></C:filter></C:calendar-query>");
        assertEquals(207, r.status());
        String b = r.body();
        assertEquals(3, b.split("RECURRENCE-ID:").length - 1, b);
        assertTrue(b.contains("RECURRENCE-ID:20260302T100000Z") && b.contains("RECURRENCE-ID:20260304T100000Z"), b);
        assertTrue(b.contains("DTSTART:20260303T150000Z") && b.contains("SUMMARY:Moved"), "the override replaces its instance: " + b);
        assertFalse(b.contains("RRULE"), b);
        Dav.Resp outside = d.report(cal, "1", "<C:calendar-query xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><D:prop><D:getetag/>"
                + "</D:prop><C:filter><C:comp-filter name=\"VCALENDAR\"><C:comp-filter name=\"VEVENT\"><C:time-range start=\"20260320T000000Z\" "
                + "end=\"20260330T000000Z\"/></C:comp-filter></C:comp-filter></C:filter></C:calendar-query>");
        assertFalse(outside.body().contains("d1.ics"), "COUNT=10 ends on March 10: " + outside.body());
    }

    @Test
    void eventsMoveBetweenCalendarsAndCopiesKeepUidsUnique() {
        Api.User u = ts.api().newUser("Mover");
        Dav d = new Dav(ts.baseUrl(), u.email(), u.password());
        String home = "/caldav/" + u.id() + "/";
        assertEquals(201, d.send("MKCALENDAR", home + "a/", null).status());
        assertEquals(201, d.send("MKCALENDAR", home + "b/", null).status());
        assertEquals(201, d.put(home + "a/m.ics", EVENT.formatted("m1", "Move me"), "text/calendar").status());
        Dav.Resp mv = d.send("MOVE", home + "a/m.ics", null, "Destination", ts.baseUrl() + home + "b/m2.ics");
        assertEquals(201, mv.status(), mv.body());
        assertEquals(404, d.send("GET", home + "a/m.ics", null).status());
        assertTrue(d.send("GET", home + "b/m2.ics", null).body().contains("SUMMARY:Move me"));
        Dav.Resp dup = d.send("COPY", home + "b/m2.ics", null, "Destination", ts.baseUrl() + home + "b/m3.ics");
        assertEquals(403, dup.status());
        assertTrue(dup.body().contains("no-uid-conflict"), dup.body());
        assertEquals(201, d.send("COPY", home + "b/m2.ics", null, "Destination", ts.baseUrl() + home + "a/back.ics").status());
        assertEquals(412, d.send("COPY", home + "b/m2.ics", null, "Destination", ts.baseUrl() + home + "a/back.ics", "Overwrite", "F").status());
        assertEquals(502, d.send("MOVE", home + "b/m2.ics", null, "Destination", ts.baseUrl() + "/caldav/someone-else/a/x.ics").status());
    }

    @Test
    void calendarCollectionsKeepDeadPropertiesAndRefuseProtectedOnes() {
        Api.User u = ts.api().newUser("Props");
        Dav d = new Dav(ts.baseUrl(), u.email(), u.password());
        String cal = "/caldav/" + u.id() + "/p/";
        assertEquals(201, d.send("MKCALENDAR", cal, null).status());
        Dav.Resp set = d.send("PROPPATCH", cal, "<D:propertyupdate xmlns:D=\"DAV:\" xmlns:A=\"http://apple.com/ns/ical/\"><D:set><D:prop>"
                + "<A:calendar-order>3</A:calendar-order><D:displayname>Personal</D:displayname><A:calendar-color>#FF0000</A:calendar-color>"
                + "</D:prop></D:set></D:propertyupdate>", "Content-Type", "application/xml");
        assertEquals(207, set.status());
        assertTrue(set.body().contains("200 OK") && !set.body().contains("403"), set.body());
        Dav.Resp get = d.propfind(cal, "0", "<D:propfind xmlns:D=\"DAV:\" xmlns:A=\"http://apple.com/ns/ical/\"><D:prop><A:calendar-order/>"
                + "<D:displayname/><A:calendar-color/></D:prop></D:propfind>");
        assertTrue(get.body().contains(">3</calendar-order>"), get.body());
        assertTrue(get.body().contains("<D:displayname>Personal</D:displayname>"), get.body());
        assertTrue(get.body().contains("#FF0000"), get.body());
        Dav.Resp prot = d.send("PROPPATCH", cal, "<D:propertyupdate xmlns:D=\"DAV:\" xmlns:CS=\"http://calendarserver.org/ns/\"><D:set><D:prop>"
                + "<CS:getctag>1</CS:getctag><D:displayname>Nope</D:displayname></D:prop></D:set></D:propertyupdate>", "Content-Type", "application/xml");
        assertTrue(prot.body().contains("403 Forbidden") && prot.body().contains("424 Failed Dependency"), prot.body());
        assertTrue(d.propfind(cal, "0", "<D:propfind xmlns:D=\"DAV:\"><D:prop><D:displayname/></D:prop></D:propfind>").body().contains("Personal"));
        Dav.Resp rm = d.send("PROPPATCH", cal, "<D:propertyupdate xmlns:D=\"DAV:\" xmlns:A=\"http://apple.com/ns/ical/\"><D:remove><D:prop>"
                + "<A:calendar-order/></D:prop></D:remove></D:propertyupdate>", "Content-Type", "application/xml");
        assertEquals(207, rm.status());
        Dav.Resp gone = d.propfind(cal, "0", "<D:propfind xmlns:D=\"DAV:\" xmlns:A=\"http://apple.com/ns/ical/\"><D:prop><A:calendar-order/>"
                + "</D:prop></D:propfind>");
        assertTrue(gone.body().contains("404 Not Found"), gone.body());
    }

    @Test
    void caldavEnableIsHotAndAnswers404WhileFalse() throws Exception {
        try (TestServer off = new TestServer(TestServer.Db.H2, Map.of())) {
            Api api = off.api();
            Api.User admin = api.newUser("Admin");
            assertEquals(200, api.post("/action/world/become_an_administrator", admin.token(), "{}").status());
            Dav d = new Dav(off.baseUrl(), admin.email(), admin.password());
            for (String p : new String[]{"/dav/home/", "/caldav/", "/carddav/", "/.well-known/caldav"}) {
                assertEquals(404, d.propfind(p, "0", "").status(), p);
            }
            Api.Resp on = api.send("PUT", "/_config/backend/caldav.enable", admin.token(), "application/json", "\"true\"", Map.of());
            assertTrue(on.status() / 100 == 2, on.text());
            assertEquals(207, d.propfind("/dav/home/", "0", "").status());
            assertEquals(207, d.propfind("/caldav/", "0", "").status());
            assertEquals(301, d.propfind("/.well-known/caldav", "0", "").status());
            Api.Resp offAgain = api.send("PUT", "/_config/backend/caldav.enable", admin.token(), "application/json", "\"false\"", Map.of());
            assertTrue(offAgain.status() / 100 == 2, offAgain.text());
            assertEquals(404, d.propfind("/carddav/", "0", "").status());
            assertFalse(d.propfind("/dav/home/", "0", "").status() == 207);
        }
    }
}

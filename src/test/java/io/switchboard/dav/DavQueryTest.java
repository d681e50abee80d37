package io.switchboard.dav;

import io.switchboard.support.Api;
import io.switchboard.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Partial calendar-data and address-data, param-filter, collations, negate-condition and
 * match-type (RFC 4791 §9.6, §9.7; RFC 6352 §10.4, §10.5), sent by curl.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DavQueryTest {
    private static final String C = "xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\"";
    private static final String CR = "xmlns:D=\"DAV:\" xmlns:CR=\"urn:ietf:params:xml:ns:carddav\"";

    private TestServer ts;
    private Curl curl;
    private String cal;
    private String book;

    @BeforeAll
    void start() throws Exception {
        ts = new TestServer(TestServer.Db.H2, Map.of("caldav.enable", "true"));
        Api.User u = ts.api().newUser("Query");
        curl = new Curl(ts.baseUrl(), u.email(), u.password());
        cal = "/caldav/" + u.id() + "/q/";
        book = "/carddav/" + u.id() + "/people/";
        assertEquals(201, curl.send("MKCALENDAR", cal, null).status());
        assertEquals(201, curl.put(cal + "meeting.ics", event("meeting", "Café MEETING", "DTSTART;TZID=Europe/Berlin:20260310T100000\r\n"
                + "DTEND;TZID=Europe/Berlin:20260310T110000\r\nLOCATION:Room 1\r\nDESCRIPTION:a long description\r\n"
                + "ATTENDEE;PARTSTAT=NEEDS-ACTION;ROLE=REQ-PARTICIPANT:mailto:ann@example.com\r\n"
                + "BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:soon\r\nTRIGGER:-PT15M\r\nEND:VALARM\r\n"), "text/calendar").status());
        assertEquals(201, curl.put(cal + "lunch.ics", event("lunch", "Lunch", "DTSTART:20260311T120000Z\r\nDTEND:20260311T130000Z\r\n"
                + "ATTENDEE;PARTSTAT=ACCEPTED:mailto:bob@example.com\r\n"), "text/calendar").status());
        assertEquals(201, curl.put(cal + "daily.ics", event("daily", "Stand-up", "DTSTART:20260301T090000Z\r\nDTEND:20260301T091500Z\r\n"
                + "RRULE:FREQ=DAILY;COUNT=30\r\n")
                .replace("END:VCALENDAR\r\n", override("daily", "20260305T090000Z", "20260305T100000Z", "Moved early")
                        + override("daily", "20260325T090000Z", "20260325T110000Z", "Moved late") + "END:VCALENDAR\r\n"), "text/calendar").status());

        assertEquals(201, curl.send("MKCOL", book, "<D:mkcol " + CR + "><D:set><D:prop><D:resourcetype><D:collection/><CR:addressbook/>"
                + "</D:resourcetype></D:prop></D:set></D:mkcol>", "Content-Type: application/xml").status());
        assertEquals(201, curl.put(book + "ann.vcf", "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:ann\r\nFN:Ann Ångström\r\nN:Ångström;Ann;;;\r\n"
                + "EMAIL;TYPE=work:ann@work.example\r\nEMAIL;TYPE=home:ann@home.example\r\nNOTE:likes tea\r\nEND:VCARD\r\n", "text/vcard").status());
        assertEquals(201, curl.put(book + "bob.vcf", "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:bob\r\nFN:Bob Annex\r\n"
                + "EMAIL;TYPE=home:bob@home.example\r\nEND:VCARD\r\n", "text/vcard").status());
    }

    @AfterAll
    void stop() throws Exception {
        ts.close();
    }

    private static String event(String uid, String summary, String more) {
        return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:" + uid + "\r\nDTSTAMP:20260101T000000Z\r\n"
                + "SUMMARY:" + summary + "\r\n" + more + "END:VEVENT\r\nEND:VCALENDAR\r\n";
    }

    private static String override(String uid, String rid, String start, String summary) {
        return "BEGIN:VEVENT\r\nUID:" + uid + "\r\nDTSTAMP:20260101T000000Z\r\nRECURRENCE-ID:" + rid + "\r\nDTSTART:" + start
                + "\r\nDURATION:PT15M\r\nSUMMARY:" + summary + "\r\nEND:VEVENT\r\n";
    }

    private static List<String> names(String multistatus) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("<D:href>[^<]*/([^/<]+)</D:href>").matcher(multistatus);
        while (m.find()) out.add(m.group(1));
        out.sort(null);
        return out;
    }

    private Curl.Out query(String props, String filter) throws Exception {
        return curl.report(cal, "<C:calendar-query " + C + "><D:prop>" + props + "</D:prop><C:filter><C:comp-filter name=\"VCALENDAR\">"
                + filter + "</C:comp-filter></C:filter></C:calendar-query>");
    }

    private Curl.Out cardQuery(String props, String filter) throws Exception {
        return curl.report(book, "<CR:addressbook-query " + CR + "><D:prop>" + props + "</D:prop>" + filter + "</CR:addressbook-query>");
    }

    @Test
    void calendarDataReturnsOnlyTheSelectedComponentsAndProperties() throws Exception {
        Curl.Out r = query("<C:calendar-data><C:comp name=\"VCALENDAR\"><C:prop name=\"VERSION\"/><C:comp name=\"VEVENT\">"
                + "<C:prop name=\"UID\"/><C:prop name=\"SUMMARY\"/><C:prop name=\"DTSTART\" novalue=\"yes\"/></C:comp></C:comp></C:calendar-data>",
                "<C:comp-filter name=\"VEVENT\"><C:prop-filter name=\"UID\"><C:text-match collation=\"i;octet\">meeting</C:text-match>"
                        + "</C:prop-filter></C:comp-filter>");
        assertEquals(207, r.status(), r.body());
        assertEquals(List.of("meeting.ics"), names(r.body()));
        String b = r.body();
        assertTrue(b.contains("SUMMARY:Café MEETING") && b.contains("UID:meeting") && b.contains("VERSION:2.0"), b);
        assertTrue(b.contains("DTSTART;TZID=Europe/Berlin:\r") || b.contains("DTSTART;TZID=Europe/Berlin:&#13;"), "novalue keeps name and parameters: " + b);
        assertFalse(b.contains("20260310T100000"), "no DTSTART value: " + b);
        for (String gone : new String[]{"LOCATION", "DESCRIPTION", "VALARM", "PRODID", "ATTENDEE", "DTEND"}) assertFalse(b.contains(gone), gone + ": " + b);

        Curl.Out all = query("<C:calendar-data><C:comp name=\"VCALENDAR\"><C:allprop/><C:comp name=\"VEVENT\"><C:allprop/></C:comp>"
                + "</C:comp></C:calendar-data>", "<C:comp-filter name=\"VEVENT\"><C:prop-filter name=\"UID\"><C:text-match>MEETING</C:text-match>"
                + "</C:prop-filter></C:comp-filter>");
        assertTrue(all.body().contains("LOCATION:Room 1") && all.body().contains("PRODID"), all.body());
        assertFalse(all.body().contains("VALARM"), "no allcomp under VEVENT: " + all.body());

        Curl.Out bad = query("<C:calendar-data content-type=\"application/calendar+json\"/>", "");
        assertEquals(403, bad.status(), bad.body());
        assertTrue(bad.body().contains("supported-calendar-data"), bad.body());
    }

    @Test
    void limitRecurrenceSetKeepsTheMasterAndOnlyOverridesInTheRange() throws Exception {
        Curl.Out r = query("<C:calendar-data><C:limit-recurrence-set start=\"20260320T000000Z\" end=\"20260401T000000Z\"/></C:calendar-data>",
                "<C:comp-filter name=\"VEVENT\"><C:time-range start=\"20260320T000000Z\" end=\"20260401T000000Z\"/></C:comp-filter>");
        assertEquals(List.of("daily.ics"), names(r.body()));
        String b = r.body();
        assertTrue(b.contains("RRULE:FREQ=DAILY;COUNT=30"), "the master stays: " + b);
        assertTrue(b.contains("Moved late"), b);
        assertFalse(b.contains("Moved early"), "the March 5 override is outside the range: " + b);

        Curl.Out multiget = curl.report(cal, "<C:calendar-multiget " + C + "><D:prop><C:calendar-data><C:expand start=\"20260305T000000Z\" "
                + "end=\"20260306T000000Z\"/></C:calendar-data></D:prop><D:href>" + cal + "daily.ics</D:href></C:calendar-multiget>");
        assertTrue(multiget.body().contains("Moved early") && !multiget.body().contains("RRULE"), multiget.body());
    }

    @Test
    void paramFilterSelectsByParticipationStatusAndAbsence() throws Exception {
        Curl.Out needs = query("<D:getetag/>", "<C:comp-filter name=\"VEVENT\"><C:prop-filter name=\"ATTENDEE\"><C:param-filter name=\"PARTSTAT\">"
                + "<C:text-match>needs-action</C:text-match></C:param-filter></C:prop-filter></C:comp-filter>");
        assertEquals(207, needs.status(), needs.body());
        assertEquals(List.of("meeting.ics"), names(needs.body()));
        Curl.Out noRole = query("<D:getetag/>", "<C:comp-filter name=\"VEVENT\"><C:prop-filter name=\"ATTENDEE\"><C:param-filter name=\"ROLE\">"
                + "<C:is-not-defined/></C:param-filter></C:prop-filter></C:comp-filter>");
        assertEquals(List.of("lunch.ics"), names(noRole.body()));
        Curl.Out notAccepted = query("<D:getetag/>", "<C:comp-filter name=\"VEVENT\"><C:prop-filter name=\"ATTENDEE\"><C:param-filter name=\"PARTSTAT\">"
                + "<C:text-match negate-condition=\"yes\">ACCEPTED</C:text-match></C:param-filter></C:prop-filter></C:comp-filter>");
        assertEquals(List.of("meeting.ics"), names(notAccepted.body()));
    }

    @Test
    void textMatchHonoursCollationsAndNegation() throws Exception {
        String f = "<C:comp-filter name=\"VEVENT\"><C:prop-filter name=\"SUMMARY\"><C:text-match%s>%s</C:text-match></C:prop-filter></C:comp-filter>";
        assertEquals(List.of(), names(query("<D:getetag/>", f.formatted(" collation=\"i;octet\"", "meeting")).body()));
        assertEquals(List.of("meeting.ics"), names(query("<D:getetag/>", f.formatted(" collation=\"i;octet\"", "MEETING")).body()));
        assertEquals(List.of("meeting.ics"), names(query("<D:getetag/>", f.formatted("", "meeting")).body()), "i;ascii-casemap is the default");
        assertEquals(List.of(), names(query("<D:getetag/>", f.formatted(" collation=\"i;ascii-casemap\"", "CAFÉ")).body()), "only ASCII folds");
        assertEquals(List.of("meeting.ics"), names(query("<D:getetag/>", f.formatted(" collation=\"i;unicode-casemap\"", "CAFÉ meeting")).body()));
        assertEquals(List.of("daily.ics", "lunch.ics"), names(query("<D:getetag/>", f.formatted(" negate-condition=\"yes\"", "meeting")).body()));
        Curl.Out bad = query("<D:getetag/>", f.formatted(" collation=\"i;klingon\"", "x"));
        assertEquals(403, bad.status(), bad.body());
        assertTrue(bad.body().contains("supported-collation"), bad.body());
    }

    @Test
    void addressbookQueryMatchTypesParamFiltersAndPartialAddressData() throws Exception {
        String pf = "<CR:filter%s><CR:prop-filter name=\"%s\"%s>%s</CR:prop-filter></CR:filter>";
        assertEquals(List.of("ann.vcf"), names(cardQuery("<D:getetag/>", pf.formatted("", "FN", "",
                "<CR:text-match match-type=\"starts-with\">ann</CR:text-match>")).body()));
        assertEquals(List.of("bob.vcf"), names(cardQuery("<D:getetag/>", pf.formatted("", "FN", "",
                "<CR:text-match match-type=\"ends-with\">ANNEX</CR:text-match>")).body()));
        assertEquals(List.of(), names(cardQuery("<D:getetag/>", pf.formatted("", "FN", "",
                "<CR:text-match match-type=\"equals\">Ann</CR:text-match>")).body()));
        assertEquals(List.of("ann.vcf"), names(cardQuery("<D:getetag/>", pf.formatted("", "FN", "",
                "<CR:text-match match-type=\"contains\">ÅNGSTRÖM</CR:text-match>")).body()), "i;unicode-casemap is the CardDAV default");
        assertEquals(List.of("bob.vcf"), names(cardQuery("<D:getetag/>", pf.formatted("", "FN", "",
                "<CR:text-match negate-condition=\"yes\">ångström</CR:text-match>")).body()));
        assertEquals(List.of("ann.vcf"), names(cardQuery("<D:getetag/>", pf.formatted("", "EMAIL", "",
                "<CR:param-filter name=\"TYPE\"><CR:text-match match-type=\"equals\">WORK</CR:text-match></CR:param-filter>")).body()));
        assertEquals(List.of("ann.vcf"), names(cardQuery("<D:getetag/>", pf.formatted("", "EMAIL", " test=\"allof\"",
                "<CR:text-match>home</CR:text-match><CR:param-filter name=\"TYPE\"><CR:text-match>home</CR:text-match></CR:param-filter>"
                        + "<CR:text-match>ann</CR:text-match>")).body()), "allof: one EMAIL must pass every test");
        assertEquals(List.of("bob.vcf"), names(cardQuery("<D:getetag/>", pf.formatted("", "NOTE", "", "<CR:is-not-defined/>")).body()));

        Curl.Out partial = cardQuery("<D:getetag/><CR:address-data><CR:prop name=\"FN\"/><CR:prop name=\"EMAIL\" novalue=\"yes\"/></CR:address-data>",
                pf.formatted("", "UID", "", "<CR:text-match match-type=\"equals\">ann</CR:text-match>"));
        String b = partial.body();
        assertTrue(b.contains("FN:Ann Ångström") && b.contains("VERSION:3.0") && b.contains("EMAIL;TYPE=work:"), b);
        assertFalse(b.contains("ann@work.example") || b.contains("NOTE") || b.contains("UID:ann"), b);
        Curl.Out bad = cardQuery("<D:getetag/>", pf.formatted("", "FN", "", "<CR:text-match collation=\"i;nope\">x</CR:text-match>"));
        assertEquals(403, bad.status(), bad.body());
        assertTrue(bad.body().contains("supported-collation"), bad.body());
    }
}

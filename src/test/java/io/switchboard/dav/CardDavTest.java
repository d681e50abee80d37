package io.switchboard.dav;

import io.switchboard.entity.EntityEvent;
import io.switchboard.support.Api;
import io.switchboard.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CardDAV driven by curl (Debian {@code curl}): discovery, extended MKCOL, vCard 3.0/4.0, queries, sync. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CardDavTest {
    static final String CARD3 = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:ann-1\r\nFN:Ann Example\r\nN:Example;Ann;;;\r\n"
            + "EMAIL;TYPE=work:ann@example.com\r\nEND:VCARD\r\n";
    static final String CARD4 = "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:uuid:bob-2\r\nFN:Bob Builder\r\nTEL;VALUE=uri:tel:+1-555-0100\r\nEND:VCARD\r\n";

    private TestServer ts;
    private Api.User u;
    private Curl curl;
    private final List<EntityEvent> events = new CopyOnWriteArrayList<>();

    /** The database this suite runs on; the PostgreSQL subclass overrides it. */
    TestServer.Db db() {
        return TestServer.Db.H2;
    }

    @BeforeAll
    void start() throws Exception {
        ts = new TestServer(db(), Map.of("caldav.enable", "true"));
        ts.server().eventBus().subscribe(events::add);
        u = ts.api().newUser("Card");
        curl = new Curl(ts.baseUrl(), u.email(), u.password());
    }

    @AfterAll
    void stop() throws Exception {
        ts.close();
    }

    @Test
    void contactsRoundTripThroughCurl() throws Exception {
        Curl.Out p = curl.send("PROPFIND", "/carddav/", "<D:propfind xmlns:D=\"DAV:\"><D:prop><D:current-user-principal/></D:prop></D:propfind>", "Depth: 0");
        assertEquals(207, p.status());
        assertTrue(p.body().contains("/carddav/" + u.id() + "/"), p.body());
        Curl.Out home = curl.send("PROPFIND", "/carddav/" + u.id() + "/", "<D:propfind xmlns:D=\"DAV:\" xmlns:CR=\"urn:ietf:params:xml:ns:carddav\">"
                + "<D:prop><CR:addressbook-home-set/></D:prop></D:propfind>", "Depth: 0");
        assertTrue(home.body().contains("<CR:addressbook-home-set><D:href>/carddav/" + u.id() + "/</D:href>"), home.body());

        String book = "/carddav/" + u.id() + "/contacts/";
        Curl.Out mk = curl.send("MKCOL", book, "<D:mkcol xmlns:D=\"DAV:\" xmlns:CR=\"urn:ietf:params:xml:ns:carddav\"><D:set><D:prop>"
                + "<D:resourcetype><D:collection/><CR:addressbook/></D:resourcetype><D:displayname>Contacts</D:displayname>"
                + "</D:prop></D:set></D:mkcol>", "Content-Type: application/xml");
        assertEquals(201, mk.status(), mk.body());
        Curl.Out sync0 = curl.send("REPORT", book, "<D:sync-collection xmlns:D=\"DAV:\"><D:sync-token/><D:sync-level>1</D:sync-level>"
                + "<D:prop><D:getetag/></D:prop></D:sync-collection>", "Depth: 1");
        String token0 = token(sync0.body());

        assertEquals(201, curl.send("PUT", book + "ann.vcf", CARD3, "Content-Type: text/vcard").status());
        assertEquals(201, curl.send("PUT", book + "bob.vcf", CARD4, "Content-Type: text/vcard").status());
        Curl.Out get = curl.send("GET", book + "ann.vcf", null);
        assertEquals(CARD3, get.body());

        Curl.Out bad = curl.send("PUT", book + "bad.vcf", "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:x\r\nEND:VCARD\r\n", "Content-Type: text/vcard");
        assertEquals(403, bad.status());
        assertTrue(bad.body().contains("valid-address-data"), bad.body());
        Curl.Out two = curl.send("PUT", book + "two.vcf", CARD3 + CARD4, "Content-Type: text/vcard");
        assertEquals(403, two.status());
        Curl.Out dupUid = curl.send("PUT", book + "ann-copy.vcf", CARD3, "Content-Type: text/vcard");
        assertEquals(403, dupUid.status());
        assertTrue(dupUid.body().contains("no-uid-conflict"), dupUid.body());
        assertEquals(404, curl.send("GET", book + "bad.vcf", null).status());

        Curl.Out q = curl.send("REPORT", book, "<CR:addressbook-query xmlns:D=\"DAV:\" xmlns:CR=\"urn:ietf:params:xml:ns:carddav\">"
                + "<D:prop><D:getetag/><CR:address-data/></D:prop><CR:filter><CR:prop-filter name=\"FN\">"
                + "<CR:text-match match-type=\"contains\">builder</CR:text-match></CR:prop-filter></CR:filter></CR:addressbook-query>", "Depth: 1");
        assertEquals(207, q.status());
        assertTrue(q.body().contains("bob.vcf") && !q.body().contains("ann.vcf"), q.body());
        assertTrue(q.body().contains("FN:Bob Builder"), q.body());

        Curl.Out mg = curl.send("REPORT", book, "<CR:addressbook-multiget xmlns:D=\"DAV:\" xmlns:CR=\"urn:ietf:params:xml:ns:carddav\">"
                + "<D:prop><D:getetag/><CR:address-data/></D:prop><D:href>" + book + "ann.vcf</D:href><D:href>" + book
                + "gone.vcf</D:href></CR:addressbook-multiget>", "Depth: 1");
        assertTrue(mg.body().contains("FN:Ann Example"), mg.body());
        assertTrue(mg.body().contains("gone.vcf</D:href><D:status>HTTP/1.1 404"), mg.body());

        Curl.Out sync1 = curl.send("REPORT", book, "<D:sync-collection xmlns:D=\"DAV:\"><D:sync-token>" + token0 + "</D:sync-token>"
                + "<D:sync-level>1</D:sync-level><D:prop><D:getetag/></D:prop></D:sync-collection>", "Depth: 1");
        assertTrue(sync1.body().contains("ann.vcf") && sync1.body().contains("bob.vcf"), sync1.body());
        String token1 = token(sync1.body());
        assertEquals(204, curl.send("DELETE", book + "ann.vcf", null).status());
        ts.restart();
        curl = new Curl(ts.baseUrl(), u.email(), u.password()); // the restarted server listens on a new port
        Curl.Out sync2 = curl.send("REPORT", book, "<D:sync-collection xmlns:D=\"DAV:\"><D:sync-token>" + token1 + "</D:sync-token>"
                + "<D:sync-level>1</D:sync-level><D:prop><D:getetag/></D:prop></D:sync-collection>", "Depth: 1");
        assertEquals(207, sync2.status(), "tokens survive a restart: " + sync2.body());
        assertTrue(sync2.body().contains("ann.vcf</D:href><D:status>HTTP/1.1 404"), sync2.body());
        assertFalse(sync2.body().contains("bob.vcf"), sync2.body());
        Curl.Out stale = curl.send("REPORT", book, "<D:sync-collection xmlns:D=\"DAV:\"><D:sync-token>urn:switchboard:sync:nope:1</D:sync-token>"
                + "<D:sync-level>1</D:sync-level><D:prop><D:getetag/></D:prop></D:sync-collection>", "Depth: 1");
        assertEquals(403, stale.status());
        assertTrue(stale.body().contains("valid-sync-token"), stale.body());
        assertTrue(events.stream().anyMatch(e -> e.table().equals("addressbook_item") && e.type() == EntityEvent.Type.CREATE));
    }

    private static String token(String body) {
        Matcher m = Pattern.compile("<D:sync-token>([^<]+)</D:sync-token>").matcher(body);
        assertTrue(m.find(), body);
        return m.group(1);
    }
}

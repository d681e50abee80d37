package io.switchboard.dav;

import io.switchboard.support.Api;
import io.switchboard.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** /dav/home/ over real sockets: auth, the hot toggle, isolation, hardened XML, ranges, limits. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebDavTest {
    private TestServer ts;
    private Api.User alice;
    private Api.User bob;
    private Dav a;
    private Dav b;

    /** The database this suite runs on; the PostgreSQL subclass overrides it (locks live in the database). */
    TestServer.Db db() {
        return TestServer.Db.H2;
    }

    @BeforeAll
    void start() throws Exception {
        ts = new TestServer(db(), Map.of("caldav.enable", "true", "dav.max_upload", "20971520"));
        alice = ts.api().newUser("Alice");
        bob = ts.api().newUser("Bob");
        a = new Dav(ts.baseUrl(), alice.email(), alice.password());
        b = new Dav(ts.baseUrl(), bob.email(), bob.password());
    }

    @AfterAll
    void stop() throws Exception {
        ts.close();
    }

    @Test
    void guestsAndWrongPasswordsGetABasicChallengeOnEveryDavRoot() {
        Dav guest = new Dav(ts.baseUrl(), null, null);
        for (String p : new String[]{"/dav/home/", "/caldav/", "/carddav/"}) {
            Dav.Resp r = guest.propfind(p, "0", "");
            assertEquals(401, r.status(), p);
            assertEquals(Replies.REALM, r.header("WWW-Authenticate"), p);
        }
        Dav.Resp wrong = new Dav(ts.baseUrl(), alice.email(), "not-the-password").propfind("/dav/home/", "0", "");
        assertEquals(401, wrong.status());
        assertEquals(Replies.REALM, wrong.header("WWW-Authenticate"));
    }

    @Test
    void optionsAdvertisesDavClassesAndWellKnownRedirects() {
        Dav.Resp o = a.send("OPTIONS", "/dav/home/", null);
        assertEquals(200, o.status());
        assertTrue(o.header("DAV").contains("1, 2, 3"), o.header("DAV"));
        assertTrue(o.header("DAV").contains("calendar-access"));
        Dav.Resp w = a.send("PROPFIND", "/.well-known/caldav", null);
        assertEquals(301, w.status());
        assertEquals("/caldav/", w.header("Location"));
        assertEquals("/carddav/", a.send("GET", "/.well-known/carddav", null).header("Location"));
    }

    @Test
    void putGetRangeAndConditionalHeadersWork() {
        assertEquals(201, a.send("MKCOL", "/dav/home/docs/", null).status());
        Dav.Resp put = a.put("/dav/home/docs/hello.txt", "hello, world", "text/plain");
        assertEquals(201, put.status());
        String etag = put.header("ETag");
        Dav.Resp get = a.send("GET", "/dav/home/docs/hello.txt", null);
        assertEquals("hello, world", get.body());
        assertEquals(etag, get.header("ETag"));
        Dav.Resp range = a.send("GET", "/dav/home/docs/hello.txt", null, "Range", "bytes=7-11");
        assertEquals(206, range.status());
        assertEquals("world", range.body());
        assertEquals("bytes 7-11/12", range.header("Content-Range"));
        assertEquals(416, a.send("GET", "/dav/home/docs/hello.txt", null, "Range", "bytes=50-60").status());
        assertEquals(412, a.put("/dav/home/docs/hello.txt", "x", "text/plain", "If-None-Match", "*").status());
        assertEquals(412, a.put("/dav/home/docs/hello.txt", "x", "text/plain", "If-Match", "\"nope\"").status());
        assertEquals(204, a.put("/dav/home/docs/hello.txt", "hello again", "text/plain", "If-Match", etag).status());
        assertEquals(304, a.send("GET", "/dav/home/docs/hello.txt", null, "If-None-Match", a.send("HEAD", "/dav/home/docs/hello.txt", null).header("ETag")).status());
        assertEquals(409, a.put("/dav/home/missing/x.txt", "x", "text/plain").status());
    }

    @Test
    void usersCannotSeeEachOthersFilesAndPathsCannotEscapeTheSpace() throws Exception {
        assertEquals(201, a.put("/dav/home/secret.txt", "alice only", "text/plain").status());
        assertEquals(404, b.send("GET", "/dav/home/secret.txt", null).status());
        for (String evil : new String[]{"/dav/home/%2e%2e/%2e%2e/etc/passwd", "/dav/home/a%2Fb", "/dav/home/..%5C..%5Cx",
                "/dav/home/%00x"}) {
            int st = a.send("GET", evil, null).status();
            assertTrue(st == 400 || st == 403, evil + " answered " + st);
            int put = a.put(evil, "x", "text/plain").status();
            assertTrue(put == 400 || put == 403, evil + " PUT answered " + put);
        }
        Dav.Resp move = a.send("MOVE", "/dav/home/secret.txt", null, "Destination", ts.baseUrl() + "/dav/home/%2e%2e/stolen.txt");
        assertEquals(403, move.status());
        Dav.Resp foreign = a.send("COPY", "/dav/home/secret.txt", null, "Destination", ts.baseUrl() + "/caldav/x");
        assertEquals(502, foreign.status());
        // nothing was written outside alice's directory
        assertFalse(Files.exists(ts.server().dataDir().resolve("dav").resolve("stolen.txt")));
        assertFalse(Files.exists(ts.server().dataDir().resolve("dav").resolve("home").resolve("stolen.txt")));
        assertEquals(403, a.propfind("/caldav/" + bob.id() + "/", "0", "").status());
    }

    @Test
    void malformedXmlExternalEntitiesAndEntityBombsAreRefused() {
        assertEquals(400, a.propfind("/dav/home/", "0", "<D:propfind xmlns:D=\"DAV:\"><D:prop>").status());
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE p [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<D:propfind xmlns:D=\"DAV:\"><D:prop><D:displayname>&x;</D:displayname></D:prop></D:propfind>";
        Dav.Resp r = a.propfind("/dav/home/", "0", xxe);
        assertEquals(400, r.status());
        assertFalse(r.body().contains("root:"), r.body());
        StringBuilder bomb = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        bomb.append("<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">");
        for (int i = 2; i <= 9; i++) {
            bomb.append("<!ENTITY lol").append(i).append(" \"");
            for (int j = 0; j < 10; j++) bomb.append("&lol").append(i - 1).append(';');
            bomb.append("\">");
        }
        bomb.append("]><D:propertyupdate xmlns:D=\"DAV:\"><D:set><D:prop><x xmlns=\"urn:x\">&lol9;</x></D:prop></D:set></D:propertyupdate>");
        assertEquals(400, a.send("PROPPATCH", "/dav/home/", bomb.toString(), "Content-Type", "application/xml").status());
        Dav.Resp inf = a.propfind("/dav/home/", "infinity", "");
        assertEquals(403, inf.status());
        assertTrue(inf.body().contains("propfind-finite-depth"), inf.body());
    }

    @Test
    void deadPropertiesSurviveARestart() throws Exception {
        assertEquals(201, a.put("/dav/home/props.txt", "p", "text/plain").status());
        Dav.Resp pp = a.send("PROPPATCH", "/dav/home/props.txt", "<D:propertyupdate xmlns:D=\"DAV:\"><D:set><D:prop>"
                + "<z:colour xmlns:z=\"urn:example\">blue</z:colour></D:prop></D:set></D:propertyupdate>", "Content-Type", "application/xml");
        assertEquals(207, pp.status());
        assertTrue(pp.body().contains("200 OK"), pp.body());
        ts.restart();
        a = new Dav(ts.baseUrl(), alice.email(), alice.password());
        b = new Dav(ts.baseUrl(), bob.email(), bob.password());
        Dav.Resp r = a.propfind("/dav/home/props.txt", "0", "<D:propfind xmlns:D=\"DAV:\"><D:prop><z:colour xmlns:z=\"urn:example\"/>"
                + "</D:prop></D:propfind>");
        assertEquals(207, r.status());
        assertTrue(r.body().contains(">blue</colour>"), r.body());
    }

    @Test
    void a50MegabytePutOverTheUploadLimitIsRefusedAndNothingIsStored() {
        byte[] big = new byte[50 * 1024 * 1024];
        int status;
        try {
            status = a.send("PUT", "/dav/home/big.bin", big, Map.of("Content-Type", "application/octet-stream")).status();
        } catch (java.io.UncheckedIOException closedWhileSending) {
            // the server may answer 413 and close before the client has sent everything
            status = 413;
        }
        assertEquals(413, status);
        assertEquals(404, a.send("GET", "/dav/home/big.bin", null).status());
    }

    @Test
    void uploadsLargerThanTheHttpBodyLimitAreStreamedToDisk() throws Exception {
        // http.max_body is 10 MB: only the streamed path can take 12 MB
        byte[] body = new byte[12 * 1024 * 1024];
        new java.util.Random(7).nextBytes(body);
        Dav.Resp put = a.send("PUT", "/dav/home/large.bin", body, Map.of("Content-Type", "application/octet-stream"));
        assertEquals(201, put.status(), put.body());
        java.nio.file.Path stored = ts.server().dataDir().resolve("dav").resolve("home").resolve(alice.id()).resolve("large.bin");
        assertEquals(java.util.Arrays.hashCode(body), java.util.Arrays.hashCode(Files.readAllBytes(stored)));
        Dav.Resp head = a.send("HEAD", "/dav/home/large.bin", null);
        assertEquals(String.valueOf(body.length), head.header("Content-Length"));
        // and back out of the file in chunks: whole and as a range
        var got = a.getBytes("/dav/home/large.bin");
        assertEquals(200, got.statusCode());
        assertTrue(java.util.Arrays.equals(body, got.body()), "downloaded bytes differ");
        var part = a.getBytes("/dav/home/large.bin", "Range", "bytes=11000000-11000009");
        assertEquals(206, part.statusCode());
        assertTrue(java.util.Arrays.equals(java.util.Arrays.copyOfRange(body, 11_000_000, 11_000_010), part.body()));
        try (var s = Files.list(ts.server().dataDir().resolve("dav").resolve(".uploads"))) {
            assertEquals(0, s.count(), "no temporary upload files left");
        }
    }

    @Test
    void locksAreEnforcedOnWrites() {
        assertEquals(201, a.put("/dav/home/locked.txt", "v1", "text/plain").status());
        Dav.Resp lock = a.send("LOCK", "/dav/home/locked.txt", "<D:lockinfo xmlns:D=\"DAV:\"><D:lockscope><D:exclusive/></D:lockscope>"
                + "<D:locktype><D:write/></D:locktype><D:owner>alice</D:owner></D:lockinfo>", "Content-Type", "application/xml", "Timeout", "Second-60");
        assertEquals(200, lock.status());
        String token = lock.header("Lock-Token");
        assertTrue(token.startsWith("<opaquelocktoken:"), token);
        assertEquals(423, a.put("/dav/home/locked.txt", "v2", "text/plain").status());
        assertEquals(423, a.send("DELETE", "/dav/home/locked.txt", null).status());
        assertEquals(204, a.put("/dav/home/locked.txt", "v2", "text/plain", "If", "(" + token + ")").status());
        assertEquals(204, a.send("UNLOCK", "/dav/home/locked.txt", null, "Lock-Token", token).status());
        assertEquals(204, a.put("/dav/home/locked.txt", "v3", "text/plain").status());
    }

    @Test
    void locksSurviveARestartAndExpiredOnesArePruned() throws Exception {
        assertEquals(201, a.put("/dav/home/kept-lock.txt", "v1", "text/plain").status());
        assertEquals(201, a.put("/dav/home/short-lock.txt", "v1", "text/plain").status());
        Dav.Resp lock = a.send("LOCK", "/dav/home/kept-lock.txt", "<D:lockinfo xmlns:D=\"DAV:\"><D:lockscope><D:exclusive/></D:lockscope>"
                + "<D:locktype><D:write/></D:locktype><D:owner><D:href>mailto:alice@example.com</D:href></D:owner></D:lockinfo>",
                "Content-Type", "application/xml", "Timeout", "Second-3600");
        assertEquals(200, lock.status());
        String token = lock.header("Lock-Token");
        Dav.Resp shortLock = a.send("LOCK", "/dav/home/short-lock.txt", "<D:lockinfo xmlns:D=\"DAV:\"><D:lockscope><D:exclusive/></D:lockscope>"
                + "<D:locktype><D:write/></D:locktype></D:lockinfo>", "Content-Type", "application/xml", "Timeout", "Second-1");
        assertEquals(200, shortLock.status());
        String shortToken = shortLock.header("Lock-Token");
        // let the one-second lock run out before the restart: it must not come back
        Thread.sleep(1500);
        ts.restart();
        a = new Dav(ts.baseUrl(), alice.email(), alice.password());
        b = new Dav(ts.baseUrl(), bob.email(), bob.password());

        Dav.Resp refused = a.put("/dav/home/kept-lock.txt", "v2", "text/plain");
        assertEquals(423, refused.status(), refused.body());
        assertTrue(refused.body().contains("lock-token-submitted"), refused.body());
        Dav.Resp found = a.propfind("/dav/home/kept-lock.txt", "0", "<D:propfind xmlns:D=\"DAV:\"><D:prop><D:lockdiscovery/></D:prop></D:propfind>");
        String bare = token.substring(1, token.length() - 1);
        assertTrue(found.body().contains(bare), found.body());
        assertTrue(found.body().contains("mailto:alice@example.com"), "the owner is kept: " + found.body());
        assertTrue(found.body().contains("<D:depth>0</D:depth>") || found.body().contains("<D:depth>infinity</D:depth>"), found.body());
        assertEquals(204, a.put("/dav/home/kept-lock.txt", "v2", "text/plain", "If", "(" + token + ")").status());

        assertEquals(204, a.put("/dav/home/short-lock.txt", "v2", "text/plain").status(), "the expired lock is gone");
        int rows = ts.server().database().withConnection(c -> {
            try (var ps = c.prepareStatement("SELECT COUNT(*) FROM dav_lock WHERE lock_token = ?")) {
                ps.setString(1, shortToken.substring(1, shortToken.length() - 1));
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
        assertEquals(0, rows, "expired locks are pruned from the table");

        assertEquals(204, a.send("UNLOCK", "/dav/home/kept-lock.txt", null, "Lock-Token", token).status());
        ts.restart();
        a = new Dav(ts.baseUrl(), alice.email(), alice.password());
        b = new Dav(ts.baseUrl(), bob.email(), bob.password());
        assertEquals(204, a.put("/dav/home/kept-lock.txt", "v3", "text/plain").status(), "an unlocked resource stays unlocked after a restart");
    }
}

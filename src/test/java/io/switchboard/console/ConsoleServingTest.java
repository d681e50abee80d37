package io.switchboard.console;

import io.switchboard.support.Api;
import io.switchboard.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The built console as the server serves it over HTTP (needs the Maven build's console step). */
class ConsoleServingTest {
    private static TestServer ts;
    private static Api api;

    @BeforeAll
    static void start() throws Exception {
        if (ConsoleServingTest.class.getClassLoader().getResource("console/index.html") == null) {
            throw new AssertionError("the console is not built: run mvn generate-resources (it runs node console/build.mjs; "
                    + "needs the Debian packages nodejs and npm)");
        }
        ts = new TestServer(TestServer.Db.H2, Map.of());
        api = ts.api();
    }

    @AfterAll
    static void stop() throws Exception {
        if (ts != null) ts.close();
    }

    @Test
    void rootServesThePageWithValidatorsAndALocalOnlyContentSecurityPolicy() {
        Api.Resp r = api.get("/", null);
        assertEquals(200, r.status());
        assertEquals("text/html; charset=utf-8", r.header("Content-Type"));
        assertEquals("no-cache", r.header("Cache-Control"));
        assertTrue(r.header("Content-Security-Policy").contains("script-src 'self'"));
        assertTrue(r.text().contains("<title>Switchboard console</title>"));
        assertFalse(r.text().contains("http://") || r.text().contains("https://"), "no CDN or remote URL in the page");
        String etag = r.header("ETag");
        assertNotNull(etag);
        Api.Resp again = api.send("GET", "/", null, null, null, Map.of("If-None-Match", etag));
        assertEquals(304, again.status());
        assertEquals("", again.text());
        assertEquals(etag, again.header("ETag"));
    }

    @Test
    void hashedAssetsReferencedByThePageAreServedImmutableWithTheirTypes() {
        String page = api.get("/", null).text();
        Matcher js = Pattern.compile("src=\"(/assets/[^\"]+\\.js)\"").matcher(page);
        Matcher css = Pattern.compile("href=\"(/assets/[^\"]+\\.css)\"").matcher(page);
        assertTrue(js.find(), page);
        assertTrue(css.find(), page);
        Api.Resp script = api.get(js.group(1), null);
        assertEquals(200, script.status());
        assertEquals("text/javascript; charset=utf-8", script.header("Content-Type"));
        assertEquals("public, max-age=31536000, immutable", script.header("Cache-Control"));
        assertEquals("nosniff", script.header("X-Content-Type-Options"));
        assertFalse(script.text().contains("cdn."), "the bundle loads nothing from a CDN");
        Api.Resp style = api.get(css.group(1), null);
        assertEquals("text/css; charset=utf-8", style.header("Content-Type"));
        assertEquals(304, api.send("GET", js.group(1), null, null, null, Map.of("If-None-Match", script.header("ETag"))).status());
    }

    @Test
    void deepLinksFallBackToThePageWhileUnknownApiPathsKeepTheirJsonErrors() {
        Api.Resp deep = api.get("/console/live/some/where", null);
        assertEquals(200, deep.status());
        assertTrue(deep.text().contains("<title>Switchboard console</title>"));
        Api.Resp missingAsset = api.get("/assets/nope-123.js", null);
        assertEquals(404, missingAsset.status());
        assertTrue(missingAsset.header("Content-Type").startsWith("application/"), missingAsset.header("Content-Type"));
        Api.Resp unknown = api.get("/no/such/route", null);
        assertEquals(404, unknown.status());
        assertTrue(unknown.text().contains("errors"));
        assertEquals(405, api.post("/", null, "{}").status());
    }

    @Test
    void encodedTraversalOverARawSocketNeverLeavesTheConsoleFolder() throws Exception {
        for (String target : new String[]{"/assets/..%2F..%2Fio/switchboard/Server.class", "/assets/../io/switchboard/Server.class",
                "/console/..%2Fio%2Fswitchboard%2FServer.class", "/console/../../pom.xml", "/assets/%2e%2e/%2e%2e/logback.xml"}) {
            String answer = rawGet(target);
            String status = answer.substring(0, answer.indexOf("\r\n"));
            boolean thePage = status.equals("HTTP/1.1 200 OK") && answer.contains("<title>Switchboard console</title>");
            boolean refused = status.startsWith("HTTP/1.1 404") || status.startsWith("HTTP/1.1 400");
            assertTrue(thePage || refused, target + " -> " + status);
            assertFalse(answer.contains("java/lang") || answer.contains("<project"), target + " leaked a file outside console/");
        }
    }

    private static String rawGet(String target) throws Exception {
        try (Socket s = new Socket("127.0.0.1", ts.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] all = in.readNBytes(1 << 20);
            return new String(all, StandardCharsets.ISO_8859_1);
        }
    }
}

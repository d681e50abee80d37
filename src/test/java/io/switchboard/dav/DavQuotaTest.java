package io.switchboard.dav;

import io.switchboard.support.Api;
import io.switchboard.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The per-user storage quota on /dav/home/ (RFC 4331): properties, 507 with DAV:quota-not-exceeded, recount after restart; via curl. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DavQuotaTest {
    private static final long LIMIT = 1_048_576;
    private static final String QUOTA_PROPS = "<D:propfind xmlns:D=\"DAV:\"><D:prop><D:quota-used-bytes/><D:quota-available-bytes/></D:prop></D:propfind>";

    private TestServer ts;
    private Api.User u;
    private Curl curl;

    @BeforeAll
    void start() throws Exception {
        ts = new TestServer(TestServer.Db.H2, Map.of("caldav.enable", "true", "storage.quota.per_user", String.valueOf(LIMIT)));
        u = ts.api().newUser("Quota");
        curl = new Curl(ts.baseUrl(), u.email(), u.password());
    }

    @AfterAll
    void stop() throws Exception {
        ts.close();
    }

    private long[] quota() throws Exception {
        Curl.Out r = curl.send("PROPFIND", "/dav/home/", QUOTA_PROPS, "Depth: 0", "Content-Type: application/xml");
        assertEquals(207, r.status(), r.body());
        return new long[]{number(r.body(), "quota-used-bytes"), number(r.body(), "quota-available-bytes")};
    }

    private static long number(String xml, String element) {
        Matcher m = Pattern.compile("<D:" + element + ">(\\d+)</D:" + element + ">").matcher(xml);
        assertTrue(m.find(), element + " missing: " + xml);
        return Long.parseLong(m.group(1));
    }

    private static String bytes(int n) {
        return "x".repeat(n);
    }

    @Test
    void writesPastTheQuotaAreRefusedWith507AndTheFiguresFollowEveryChange() throws Exception {
        assertEquals(0, quota()[0]);
        assertEquals(LIMIT, quota()[1]);
        assertEquals(201, curl.put("/dav/home/a.bin", bytes(600_000), "application/octet-stream").status());
        assertEquals(600_000, quota()[0]);
        assertEquals(LIMIT - 600_000, quota()[1]);

        Curl.Out over = curl.put("/dav/home/b.bin", bytes(600_000), "application/octet-stream");
        assertEquals(507, over.status(), over.body());
        assertTrue(over.body().contains("quota-not-exceeded"), over.body());
        assertEquals(404, curl.send("GET", "/dav/home/b.bin", null).status(), "nothing stored");
        assertEquals(600_000, quota()[0]);

        // replacing a file only needs room for the difference
        assertEquals(204, curl.put("/dav/home/a.bin", bytes(900_000), "application/octet-stream").status());
        assertEquals(900_000, quota()[0]);
        Curl.Out copy = curl.send("COPY", "/dav/home/a.bin", null, "Destination: " + ts.baseUrl() + "/dav/home/copy.bin");
        assertEquals(507, copy.status(), copy.body());
        assertEquals(404, curl.send("GET", "/dav/home/copy.bin", null).status());
        assertEquals(201, curl.send("MOVE", "/dav/home/a.bin", null, "Destination: " + ts.baseUrl() + "/dav/home/moved.bin").status());
        assertEquals(900_000, quota()[0], "a move inside the space changes nothing");

        Curl.Out protectedProp = curl.send("PROPPATCH", "/dav/home/", "<D:propertyupdate xmlns:D=\"DAV:\"><D:set><D:prop>"
                + "<D:quota-used-bytes>0</D:quota-used-bytes></D:prop></D:set></D:propertyupdate>", "Content-Type: application/xml");
        assertTrue(protectedProp.body().contains("403"), protectedProp.body());

        assertEquals(204, curl.send("DELETE", "/dav/home/moved.bin", null).status());
        assertEquals(0, quota()[0]);
        assertEquals(201, curl.put("/dav/home/b.bin", bytes(600_000), "application/octet-stream").status());
    }

    @Test
    void a50MegabytePutOverTheQuotaIsRefusedAndTheCountSurvivesARestart() throws Exception {
        assertEquals(201, curl.send("MKCOL", "/dav/home/big/", null).status());
        assertEquals(201, curl.put("/dav/home/big/small.txt", bytes(1000), "text/plain").status());
        long before = quota()[0];
        java.nio.file.Path big = java.nio.file.Files.createTempFile("dav-50mb-", ".bin");
        try (var ch = java.nio.channels.FileChannel.open(big, java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[1]), 50L * 1024 * 1024 - 1);
        }
        Curl.Out r = curl.send("PUT", "/dav/home/big/huge.bin", null, "Content-Type: application/octet-stream", "Expect:");
        assertEquals(201, r.status(), "an empty PUT fits: " + r.body());
        Curl.Out huge = curlUpload("/dav/home/big/huge2.bin", big);
        assertEquals(507, huge.status(), huge.body());
        assertEquals(404, curl.send("GET", "/dav/home/big/huge2.bin", null).status());
        assertEquals(before, quota()[0]);
        java.nio.file.Files.delete(big);

        ts.restart();
        curl = new Curl(ts.baseUrl(), u.email(), u.password());
        assertEquals(before, quota()[0], "counted again from disk after the restart");
        assertFalse(curl.put("/dav/home/big/again.bin", bytes((int) (LIMIT - before + 1)), "application/octet-stream").status() / 100 == 2);
    }

    private Curl.Out curlUpload(String path, java.nio.file.Path file) throws Exception {
        return curl.sendFile("PUT", path, file);
    }
}

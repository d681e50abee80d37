package io.switchboard.ftp;

import io.switchboard.support.Api;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static io.switchboard.ftp.FtpFixture.cmd;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The storage quota over FTP (storage.quota.per_user = 100,000 here, the one key DAV uses too): uploads
 * count against the owner of the site they land in, whoever uploads; one that would cross the limit
 * gets 552 and leaves nothing behind, deletions free their bytes, SITE QUOTA and STAT show the user's
 * own usage, a user's own limit (storage_quota.limit_bytes) overrides the key, the count is made
 * again from disk after a restart, and DAV and FTP draw on the same quota. Each test uses a user of
 * its own, who owns a site of their own.
 */
class FtpQuotaTest {
    static final long QUOTA = 100_000;
    static FtpFixture fx;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws Exception {
        FtpFixture.requireTool("curl", "curl");
        FtpFixture.requireTool("python3", "python3");
        fx = new FtpFixture(settings());
    }

    static Map<String, String> settings() {
        return Map.of("storage.quota.per_user", Long.toString(QUOTA), "caldav.enable", "true");
    }

    /** A new user who owns a site named {@code hostname} (only they may read and write it, unless {@code groupWrite}). */
    static Api.User owner(String name, String hostname, boolean groupWrite) {
        Api.User u = fx.server.api().newUser(name);
        fx.site(hostname, FtpFixture.OWNER_ALL | (groupWrite ? FtpFixture.GROUP_READ_WRITE : 0),
                groupWrite ? io.switchboard.auth.Principal.USERS_GROUP : null, u.id());
        return u;
    }

    @AfterAll
    static void stop() throws Exception {
        if (fx != null) fx.close();
    }

    private static int port() {
        return fx.server.server().module(FtpModule.class).ftpServer().boundPort(0);
    }

    private Path file(String name, int size) throws Exception {
        byte[] b = new byte[size];
        new java.util.Random(size).nextBytes(b);
        Path p = tmp.resolve(name);
        Files.write(p, b);
        return p;
    }

    private FtpFixture.Run curlUpload(Api.User u, Path local, String remote, String... extra) throws Exception {
        var c = cmd("curl", "-sS", "--max-time", "60", "--user", u.email() + ":" + u.password());
        c.addAll(java.util.List.of(extra));
        c.addAll(java.util.List.of("-T", local.toString(), "ftp://127.0.0.1:" + port() + remote));
        return FtpFixture.run(null, c);
    }

    /** SITE QUOTA (and the quota line of STAT) through Python's ftplib. */
    private String siteQuota(Api.User u) throws Exception {
        FtpFixture.Run r = FtpFixture.run(null, cmd("python3", "-c",
                "import ftplib,sys\nf=ftplib.FTP()\nf.connect('127.0.0.1'," + port() + ",timeout=30)\nf.login(sys.argv[1],sys.argv[2])\n"
                        + "print(f.sendcmd('SITE QUOTA'))\nprint([l for l in f.sendcmd('STAT').splitlines() if 'Quota' in l][0])\nf.quit()",
                u.email(), u.password()));
        assertEquals(0, r.exit(), r.output());
        String[] lines = r.output().strip().split("\n");
        assertEquals(2, lines.length, r.output());
        assertTrue(lines[1].contains(lines[0].substring(4)), "STAT shows the same quota line: " + r.output());
        return lines[0];
    }

    private static void assertNoUploadLeftovers(String site) throws Exception {
        try (var files = Files.list(fx.siteRoot(site))) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith(FtpFileSystem.UPLOAD_PREFIX)));
        }
    }

    @Test
    void uploadsAreChargedAndDeletionsFreeThem() throws Exception {
        Api.User u = owner("Quota1", "q1", false);
        assertEquals("200 Quota: used 0 of 100000 bytes (100000 left)", siteQuota(u));
        FtpFixture.Run up = curlUpload(u, file("q1.bin", 30_000), "/q1/q1.bin");
        assertEquals(0, up.exit(), up.output());
        assertEquals("200 Quota: used 30000 of 100000 bytes (70000 left)", siteQuota(u));
        // a smaller replacement frees the difference
        up = curlUpload(u, file("q1-small.bin", 10_000), "/q1/q1.bin");
        assertEquals(0, up.exit(), up.output());
        assertEquals("200 Quota: used 10000 of 100000 bytes (90000 left)", siteQuota(u));
        FtpFixture.Run del = FtpFixture.run(null, cmd("curl", "-sS", "--max-time", "30", "--user", u.email() + ":" + u.password(),
                "-Q", "-DELE /q1/q1.bin", "ftp://127.0.0.1:" + port() + "/q1/"));
        assertEquals(0, del.exit(), del.output());
        assertEquals("200 Quota: used 0 of 100000 bytes (100000 left)", siteQuota(u));
    }

    @Test
    void anUploadPastTheQuotaIsRefused552AndLeavesNoFile() throws Exception {
        Api.User u = owner("Quota2", "q2", false);
        assertEquals(0, curlUpload(u, file("q2-first.bin", 60_000), "/q2/q2-first.bin").exit());
        FtpFixture.Run over = curlUpload(u, file("q2-big.bin", 50_000), "/q2/q2-big.bin");
        assertTrue(over.exit() != 0, over.output());
        assertTrue(Files.notExists(fx.siteRoot("q2").resolve("q2-big.bin")));
        assertNoUploadLeftovers("q2");
        assertEquals("200 Quota: used 60000 of 100000 bytes (40000 left)", siteQuota(u));
        // the reply itself, on a raw session
        try (RawFtpClient c = new RawFtpClient(port())) {
            assertEquals(230, c.login(u.email(), u.password()).code());
            assertEquals(FtpReplies.QUOTA_EXCEEDED.code(), c.store("STOR /q2/q2-raw.bin", new byte[50_000]).code());
            assertEquals(200, c.send("NOOP").code());
        }
        assertTrue(Files.notExists(fx.siteRoot("q2").resolve("q2-raw.bin")));
        assertNoUploadLeftovers("q2");
        // what fits still goes in
        assertEquals(0, curlUpload(u, file("q2-fits.bin", 40_000), "/q2/q2-fits.bin").exit());
        assertEquals("200 Quota: used 100000 of 100000 bytes (0 left)", siteQuota(u));
        // full: refused before any data moves
        try (RawFtpClient c = new RawFtpClient(port())) {
            assertEquals(230, c.login(u.email(), u.password()).code());
            assertEquals(FtpReplies.QUOTA_EXCEEDED.code(), c.store("STOR /q2/q2-one-more.bin", new byte[1]).code());
        }
    }

    @Test
    void anAppendPastTheQuotaIsCutBackToTheOriginalFile() throws Exception {
        Api.User u = owner("Quota3", "q3", false);
        Path first = file("q3.bin", 70_000);
        assertEquals(0, curlUpload(u, first, "/q3/q3.bin").exit());
        FtpFixture.Run append = curlUpload(u, file("q3-more.bin", 40_000), "/q3/q3.bin", "--append");
        assertTrue(append.exit() != 0, append.output());
        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(fx.siteRoot("q3").resolve("q3.bin")));
        assertEquals("200 Quota: used 70000 of 100000 bytes (30000 left)", siteQuota(u));
        // an append that fits is charged what it adds
        assertEquals(0, curlUpload(u, file("q3-fits.bin", 20_000), "/q3/q3.bin", "--append").exit());
        assertEquals(90_000, Files.size(fx.siteRoot("q3").resolve("q3.bin")));
        assertEquals("200 Quota: used 90000 of 100000 bytes (10000 left)", siteQuota(u));
    }

    @Test
    void aUsersOwnLimitOverridesTheDefaultAndTheCountSurvivesARestart() throws Exception {
        Api.User u = owner("Quota4", "q4", false);
        fx.server.server().module(FtpModule.class).quota().setLimit(u.id(), 20_000L);
        assertEquals(0, curlUpload(u, file("q4.bin", 15_000), "/q4/q4.bin").exit());
        assertTrue(curlUpload(u, file("q4-more.bin", 6_000), "/q4/q4-more.bin").exit() != 0);
        assertEquals("200 Quota: used 15000 of 20000 bytes (5000 left)", siteQuota(u));
        fx.server.restart();
        // counted again from the disk; the user's own limit read back from storage_quota
        assertEquals("200 Quota: used 15000 of 20000 bytes (5000 left)", siteQuota(u));
        fx.server.server().module(FtpModule.class).quota().setLimit(u.id(), 0L);
        assertEquals("200 Quota: used 15000 bytes of unlimited", siteQuota(u));
    }

    @Test
    void uploadsIntoAnotherUsersSiteCountAgainstTheSiteOwner() throws Exception {
        Api.User owner = owner("Quota5", "q5", true);
        Api.User writer = fx.server.api().newUser("Quota5Writer");
        assertEquals(0, curlUpload(writer, file("q5.bin", 30_000), "/q5/q5.bin").exit());
        assertEquals("200 Quota: used 30000 of 100000 bytes (70000 left)", siteQuota(owner));
        assertEquals("200 Quota: used 0 of 100000 bytes (100000 left)", siteQuota(writer));
        // the owner's quota is what limits the writer: 552, and nothing left behind
        try (RawFtpClient c = new RawFtpClient(port())) {
            assertEquals(230, c.login(writer.email(), writer.password()).code());
            assertEquals(FtpReplies.QUOTA_EXCEEDED.code(), c.store("STOR /q5/q5-big.bin", new byte[80_000]).code());
            // the writer's deletion frees the owner's bytes
            assertEquals(250, c.send("DELE /q5/q5.bin").code());
        }
        assertTrue(Files.notExists(fx.siteRoot("q5").resolve("q5-big.bin")));
        assertNoUploadLeftovers("q5");
        assertEquals("200 Quota: used 0 of 100000 bytes (100000 left)", siteQuota(owner));
    }

    /** DAV's RFC 4331 figures for the user's own quota: {used, available}. */
    private long[] davQuota(Api.User u) throws Exception {
        FtpFixture.Run r = FtpFixture.run(null, cmd("curl", "-sS", "--max-time", "30", "--user", u.email() + ":" + u.password(),
                "-X", "PROPFIND", "-H", "Depth: 0", "-H", "Content-Type: application/xml",
                "--data", "<D:propfind xmlns:D=\"DAV:\"><D:prop><D:quota-used-bytes/><D:quota-available-bytes/></D:prop></D:propfind>",
                fx.server.baseUrl() + "/dav/home/"));
        assertEquals(0, r.exit(), r.output());
        return new long[]{davNumber(r.output(), "quota-used-bytes"), davNumber(r.output(), "quota-available-bytes")};
    }

    private static long davNumber(String xml, String element) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<D:" + element + ">(\\d+)</D:" + element + ">").matcher(xml);
        assertTrue(m.find(), element + " missing: " + xml);
        return Long.parseLong(m.group(1));
    }

    @Test
    void davAndFtpDrawOnOneQuota() throws Exception {
        Api.User u = owner("Quota6", "q6", false);
        assertArrayEquals(new long[]{0, QUOTA}, davQuota(u));
        // bytes uploaded over FTP into the user's site are what DAV reports for the user
        assertEquals(0, curlUpload(u, file("q6.bin", 30_000), "/q6/q6.bin").exit());
        assertArrayEquals(new long[]{30_000, 70_000}, davQuota(u));
        // DAV uploads into the home space take most of what is left ...
        FtpFixture.Run put = FtpFixture.run(null, cmd("curl", "-sS", "--max-time", "30", "--user", u.email() + ":" + u.password(),
                "-o", "/dev/null", "-w", "%{http_code}", "-T", file("q6-dav.bin", 60_000).toString(), fx.server.baseUrl() + "/dav/home/q6-dav.bin"));
        assertEquals("201", put.output().strip(), put.output());
        assertArrayEquals(new long[]{90_000, 10_000}, davQuota(u));
        assertEquals("200 Quota: used 90000 of 100000 bytes (10000 left)", siteQuota(u));
        // ... so an FTP upload past the rest is refused with 552
        try (RawFtpClient c = new RawFtpClient(port())) {
            assertEquals(230, c.login(u.email(), u.password()).code());
            assertEquals(FtpReplies.QUOTA_EXCEEDED.code(), c.store("STOR /q6/q6-over.bin", new byte[20_000]).code());
        }
        assertTrue(Files.notExists(fx.siteRoot("q6").resolve("q6-over.bin")));
        assertNoUploadLeftovers("q6");
        assertArrayEquals(new long[]{90_000, 10_000}, davQuota(u));
    }
}

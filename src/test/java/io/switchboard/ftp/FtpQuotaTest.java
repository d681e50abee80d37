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
 * Per-user quotas (ftp.quota.bytes = 100,000 here): uploads are charged to the user, one that would
 * cross the limit gets 552 and leaves nothing behind, deletions free their bytes, SITE QUOTA and STAT
 * show the tally, and the tally survives a restart. Each test uses a user of its own.
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
        fx = new FtpFixture(Map.of("ftp.quota.bytes", Long.toString(QUOTA)));
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

    private static void assertNoUploadLeftovers() throws Exception {
        try (var files = Files.list(fx.siteRoot("alpha"))) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith(FtpFileSystem.UPLOAD_PREFIX)));
        }
    }

    @Test
    void uploadsAreChargedAndDeletionsFreeThem() throws Exception {
        Api.User u = fx.server.api().newUser("Quota1");
        assertEquals("200 Quota: used 0 of 100000 bytes (100000 left)", siteQuota(u));
        FtpFixture.Run up = curlUpload(u, file("q1.bin", 30_000), "/alpha/q1.bin");
        assertEquals(0, up.exit(), up.output());
        assertEquals("200 Quota: used 30000 of 100000 bytes (70000 left)", siteQuota(u));
        // a smaller replacement frees the difference
        up = curlUpload(u, file("q1-small.bin", 10_000), "/alpha/q1.bin");
        assertEquals(0, up.exit(), up.output());
        assertEquals("200 Quota: used 10000 of 100000 bytes (90000 left)", siteQuota(u));
        FtpFixture.Run del = FtpFixture.run(null, cmd("curl", "-sS", "--max-time", "30", "--user", u.email() + ":" + u.password(),
                "-Q", "-DELE /alpha/q1.bin", "ftp://127.0.0.1:" + port() + "/alpha/"));
        assertEquals(0, del.exit(), del.output());
        assertEquals("200 Quota: used 0 of 100000 bytes (100000 left)", siteQuota(u));
    }

    @Test
    void anUploadPastTheQuotaIsRefused552AndLeavesNoFile() throws Exception {
        Api.User u = fx.server.api().newUser("Quota2");
        assertEquals(0, curlUpload(u, file("q2-first.bin", 60_000), "/alpha/q2-first.bin").exit());
        FtpFixture.Run over = curlUpload(u, file("q2-big.bin", 50_000), "/alpha/q2-big.bin");
        assertTrue(over.exit() != 0, over.output());
        assertTrue(Files.notExists(fx.siteRoot("alpha").resolve("q2-big.bin")));
        assertNoUploadLeftovers();
        assertEquals("200 Quota: used 60000 of 100000 bytes (40000 left)", siteQuota(u));
        // the reply itself, on a raw session
        try (RawFtpClient c = new RawFtpClient(port())) {
            assertEquals(230, c.login(u.email(), u.password()).code());
            assertEquals(FtpReplies.QUOTA_EXCEEDED.code(), c.store("STOR /alpha/q2-raw.bin", new byte[50_000]).code());
            assertEquals(200, c.send("NOOP").code());
        }
        assertTrue(Files.notExists(fx.siteRoot("alpha").resolve("q2-raw.bin")));
        assertNoUploadLeftovers();
        // what fits still goes in
        assertEquals(0, curlUpload(u, file("q2-fits.bin", 40_000), "/alpha/q2-fits.bin").exit());
        assertEquals("200 Quota: used 100000 of 100000 bytes (0 left)", siteQuota(u));
        // full: refused before any data moves
        try (RawFtpClient c = new RawFtpClient(port())) {
            assertEquals(230, c.login(u.email(), u.password()).code());
            assertEquals(FtpReplies.QUOTA_EXCEEDED.code(), c.store("STOR /alpha/q2-one-more.bin", new byte[1]).code());
        }
    }

    @Test
    void anAppendPastTheQuotaIsCutBackToTheOriginalFile() throws Exception {
        Api.User u = fx.server.api().newUser("Quota3");
        Path first = file("q3.bin", 70_000);
        assertEquals(0, curlUpload(u, first, "/alpha/q3.bin").exit());
        FtpFixture.Run append = curlUpload(u, file("q3-more.bin", 40_000), "/alpha/q3.bin", "--append");
        assertTrue(append.exit() != 0, append.output());
        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(fx.siteRoot("alpha").resolve("q3.bin")));
        assertEquals("200 Quota: used 70000 of 100000 bytes (30000 left)", siteQuota(u));
        // an append that fits is charged what it adds
        assertEquals(0, curlUpload(u, file("q3-fits.bin", 20_000), "/alpha/q3.bin", "--append").exit());
        assertEquals(90_000, Files.size(fx.siteRoot("alpha").resolve("q3.bin")));
        assertEquals("200 Quota: used 90000 of 100000 bytes (10000 left)", siteQuota(u));
    }

    @Test
    void aUsersOwnLimitOverridesTheDefaultAndTheTallySurvivesARestart() throws Exception {
        Api.User u = fx.server.api().newUser("Quota4");
        fx.server.server().module(FtpModule.class).quota().setLimit(u.id(), 20_000L);
        assertEquals(0, curlUpload(u, file("q4.bin", 15_000), "/alpha/q4.bin").exit());
        assertTrue(curlUpload(u, file("q4-more.bin", 6_000), "/alpha/q4-more.bin").exit() != 0);
        assertEquals("200 Quota: used 15000 of 20000 bytes (5000 left)", siteQuota(u));
        fx.server.restart();
        assertEquals("200 Quota: used 15000 of 20000 bytes (5000 left)", siteQuota(u));
        fx.server.server().module(FtpModule.class).quota().setLimit(u.id(), 0L);
        assertEquals("200 Quota: used 15000 bytes of unlimited", siteQuota(u));
    }
}

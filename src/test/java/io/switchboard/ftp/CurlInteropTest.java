package io.switchboard.ftp;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static io.switchboard.ftp.FtpFixture.cmd;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** curl (Debian package curl) against the server: ftp://, explicit FTPS with --ssl-reqd, implicit ftps://. */
class CurlInteropTest {
    static FtpFixture fx;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws Exception {
        FtpFixture.requireTool("curl", "curl");
        fx = new FtpFixture();
    }

    @AfterAll
    static void stop() throws Exception {
        if (fx != null) fx.close();
    }

    private String url(String path) {
        return "ftp://127.0.0.1:" + fx.ftpPort() + path;
    }

    private List<String> curl(String... args) {
        List<String> c = cmd("curl", "-sS", "--max-time", "60", "--user", fx.alice.email() + ":" + fx.alice.password());
        c.addAll(List.of(args));
        return c;
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private FtpFixture.Run ok(List<String> command) throws Exception {
        FtpFixture.Run r = FtpFixture.run(tmp, command);
        assertEquals(0, r.exit(), () -> command + " failed:\n" + r.output());
        return r;
    }

    @Test
    void listsOnlyReadableSitesAtTheRoot() throws Exception {
        String listing = ok(curl(url("/"))).output();
        assertTrue(listing.contains(" alpha\r\n") || listing.contains(" alpha\n"), listing);
        assertTrue(listing.contains("docs") && listing.contains("public"), listing);
        assertFalse(listing.contains("beta"), listing);
        assertEquals("alpha\ndocs\npublic\n", ok(curl("-l", url("/"))).output().replace("\r", ""));
        FtpFixture.Run denied = FtpFixture.run(tmp, curl(url("/beta/")));
        assertEquals(9, denied.exit(), denied.output());   // CURLE_REMOTE_ACCESS_DENIED: CWD refused
    }

    @Test
    void uploadsAndDownloadsOverPassiveAndActiveModes() throws Exception {
        byte[] data = random(3_000_000, 1);
        Files.write(tmp.resolve("up.bin"), data);
        ok(curl("-T", "up.bin", "--ftp-create-dirs", url("/alpha/curl/nested/up.bin")));
        assertArrayEquals(data, Files.readAllBytes(fx.siteRoot("alpha").resolve("curl/nested/up.bin")));
        ok(curl("-o", "epsv.bin", url("/alpha/curl/nested/up.bin")));
        assertArrayEquals(data, Files.readAllBytes(tmp.resolve("epsv.bin")));
        ok(curl("--disable-epsv", "-o", "pasv.bin", url("/alpha/curl/nested/up.bin")));
        assertArrayEquals(data, Files.readAllBytes(tmp.resolve("pasv.bin")));
        ok(curl("-P", "127.0.0.1", "-o", "eprt.bin", url("/alpha/curl/nested/up.bin")));
        assertArrayEquals(data, Files.readAllBytes(tmp.resolve("eprt.bin")));
        ok(curl("-P", "127.0.0.1", "--disable-eprt", "-o", "port.bin", url("/alpha/curl/nested/up.bin")));
        assertArrayEquals(data, Files.readAllBytes(tmp.resolve("port.bin")));
    }

    @Test
    void resumesDownloadAndUpload() throws Exception {
        byte[] data = random(1_000_000, 2);
        Files.write(fx.siteRoot("alpha").resolve("resume-down.bin"), data);
        Files.write(tmp.resolve("partial.bin"), java.util.Arrays.copyOf(data, 300_000));
        ok(curl("-C", "-", "-o", "partial.bin", url("/alpha/resume-down.bin")));
        assertArrayEquals(data, Files.readAllBytes(tmp.resolve("partial.bin")));

        Files.write(fx.siteRoot("alpha").resolve("resume-up.bin"), java.util.Arrays.copyOf(data, 400_000));
        Files.write(tmp.resolve("full.bin"), data);
        ok(curl("-C", "-", "-T", "full.bin", url("/alpha/resume-up.bin")));
        assertArrayEquals(data, Files.readAllBytes(fx.siteRoot("alpha").resolve("resume-up.bin")));
    }

    @Test
    void explicitFtpsWithSslReqdEncryptsControlAndData() throws Exception {
        byte[] data = random(500_000, 3);
        Files.write(tmp.resolve("tls.bin"), data);
        for (int i = 0; i < 3; i++) ok(curl("--ssl-reqd", "-k", "-T", "tls.bin", url("/alpha/tls.bin")));
        assertArrayEquals(data, Files.readAllBytes(fx.siteRoot("alpha").resolve("tls.bin")));
        ok(curl("--ssl-reqd", "-k", "-o", "tls-back.bin", url("/alpha/tls.bin")));
        assertArrayEquals(data, Files.readAllBytes(tmp.resolve("tls-back.bin")));
        String listing = ok(curl("--ssl-reqd", "-k", "-v", url("/alpha/"))).output();
        assertTrue(listing.contains("< 234 ") && listing.contains("> PROT P") && listing.contains("< 200 Protection level set")
                && listing.contains("tls.bin"), listing);
    }

    @Test
    void implicitFtpsOnTheSecondPort() throws Exception {
        byte[] data = random(200_000, 4);
        Files.write(fx.siteRoot("alpha").resolve("implicit.bin"), data);
        String base = "ftps://127.0.0.1:" + fx.ftpsPort();
        ok(curl("-k", "-o", "implicit.bin", base + "/alpha/implicit.bin"));
        assertArrayEquals(data, Files.readAllBytes(tmp.resolve("implicit.bin")));
        ok(curl("-k", "-T", "implicit.bin", base + "/alpha/implicit-up.bin"));
        assertArrayEquals(data, Files.readAllBytes(fx.siteRoot("alpha").resolve("implicit-up.bin")));
    }

    @Test
    void percentEncodedDotDotInTheUrlCannotReachAnotherSite() throws Exception {
        Files.writeString(fx.siteRoot("beta").resolve("curl-secret.txt"), "beta only");
        for (String path : new String[]{"/alpha/%2e%2e/beta/curl-secret.txt", "/alpha/..%2fbeta/curl-secret.txt",
                "/%2fbeta/curl-secret.txt", "/alpha/%2e%2e/%2e%2e/%2e%2e/etc/passwd"}) {
            Files.deleteIfExists(tmp.resolve("stolen"));
            FtpFixture.Run r = FtpFixture.run(tmp, curl("-o", "stolen", url(path)));
            assertTrue(r.exit() != 0, path + " must fail:\n" + r.output());
            assertFalse(Files.exists(tmp.resolve("stolen")) && Files.size(tmp.resolve("stolen")) > 0, path);
        }
    }

    @Test
    void quoteCommandsRenameAndDelete() throws Exception {
        Files.writeString(fx.siteRoot("alpha").resolve("q.txt"), "quote me");
        ok(curl("-Q", "RNFR /alpha/q.txt", "-Q", "RNTO /alpha/q2.txt", "-l", url("/alpha/")));
        assertTrue(Files.exists(fx.siteRoot("alpha").resolve("q2.txt")));
        ok(curl("-Q", "DELE /alpha/q2.txt", "-l", url("/alpha/")));
        assertFalse(Files.exists(fx.siteRoot("alpha").resolve("q2.txt")));
        FtpFixture.Run out = FtpFixture.run(tmp, curl("-Q", "RNFR /alpha/x", "-Q", "RNTO /docs/x", url("/alpha/")));
        assertEquals(21, out.exit(), out.output());   // CURLE_QUOTE_ERROR
    }
}

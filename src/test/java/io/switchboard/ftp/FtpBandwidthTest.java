package io.switchboard.ftp;

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
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Bandwidth limits (ftp.bandwidth.session, ftp.bandwidth.user, set live): limited transfers still
 * complete byte for byte, and the limiter really engaged (its wait counters in /statistics grew).
 * No timing is asserted.
 */
class FtpBandwidthTest {
    static FtpFixture fx;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws Exception {
        FtpFixture.requireTool("curl", "curl");
        FtpFixture.requireTool("node", "nodejs");
        if (!Files.isDirectory(BasicFtpInteropTest.CLIENTS.resolve("node_modules/basic-ftp"))) {
            fail("npm package basic-ftp is missing: run `npm ci` in " + BasicFtpInteropTest.CLIENTS + " (Debian package npm)");
        }
        fx = new FtpFixture(Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        if (fx != null) fx.close();
    }

    private void set(String key, String value) {
        assertEquals(200, fx.api.send("PUT", "/_config/backend/" + key, fx.admin.token(), "application/json",
                "\"" + value + "\"", Map.of()).status());
    }

    private long stat(String name) {
        return fx.api.get("/statistics", null).json().path("ftp").path(name).asLong();
    }

    private String user() {
        return fx.alice.email() + ":" + fx.alice.password();
    }

    @Test
    void aSessionLimitedUploadAndDownloadArriveIntact() throws Exception {
        byte[] payload = new byte[600_000];
        new java.util.Random(42).nextBytes(payload);
        Path up = tmp.resolve("up.bin");
        Files.write(up, payload);
        set("ftp.bandwidth.session", "262144");
        try {
            long before = stat("session_bandwidth_waits");
            FtpFixture.Run u = FtpFixture.run(null, cmd("curl", "-sS", "--max-time", "60", "--user", user(), "-T", up.toString(),
                    "ftp://127.0.0.1:" + fx.ftpPort() + "/alpha/limited.bin"));
            assertEquals(0, u.exit(), u.output());
            assertArrayEquals(payload, Files.readAllBytes(fx.siteRoot("alpha").resolve("limited.bin")));
            long afterUpload = stat("session_bandwidth_waits");
            assertTrue(afterUpload > before, "the upload waited for the limit: " + before + " -> " + afterUpload);

            // plain download (paced chunks instead of sendfile), then one over TLS (PROT P)
            Path down = tmp.resolve("down.bin");
            FtpFixture.Run d = FtpFixture.run(null, cmd("curl", "-sS", "--max-time", "60", "--user", user(), "-o", down.toString(),
                    "ftp://127.0.0.1:" + fx.ftpPort() + "/alpha/limited.bin"));
            assertEquals(0, d.exit(), d.output());
            assertArrayEquals(payload, Files.readAllBytes(down));
            long afterDownload = stat("session_bandwidth_waits");
            assertTrue(afterDownload > afterUpload, "the download waited for the limit: " + afterUpload + " -> " + afterDownload);

            Path downTls = tmp.resolve("down-tls.bin");
            FtpFixture.Run t = FtpFixture.run(null, cmd("curl", "-sS", "--max-time", "60", "--ssl-reqd", "-k", "--user", user(),
                    "-o", downTls.toString(), "ftp://127.0.0.1:" + fx.ftpPort() + "/alpha/limited.bin"));
            assertEquals(0, t.exit(), t.output());
            assertArrayEquals(payload, Files.readAllBytes(downTls));
            assertTrue(stat("session_bandwidth_waits") > afterDownload);
        } finally {
            set("ftp.bandwidth.session", "0");
        }
    }

    @Test
    void aUserLimitedBasicFtpSessionCompletesItsWholeScenario() throws Exception {
        set("ftp.bandwidth.user", "524288");
        try {
            long before = stat("user_bandwidth_waits");
            long sessionBefore = stat("session_bandwidth_waits");
            FtpFixture.Run r = FtpFixture.run(BasicFtpInteropTest.CLIENTS, cmd("node", "basic-ftp-client.mjs", "plain", "127.0.0.1",
                    Integer.toString(fx.ftpPort()), fx.alice.email(), fx.alice.password(), tmp.toString()));
            assertEquals(0, r.exit(), r.output());
            assertTrue(r.output().contains("OK plain"), r.output());
            assertTrue(stat("user_bandwidth_waits") > before, "the user's limit engaged");
            assertEquals(sessionBefore, stat("session_bandwidth_waits"), "no session limit was set");
        } finally {
            set("ftp.bandwidth.user", "0");
        }
    }
}

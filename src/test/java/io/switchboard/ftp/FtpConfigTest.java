package io.switchboard.ftp;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.Socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hot config: ftp.enable starts and stops the listeners, ftp.require_tls and ftp.passive.address apply live. */
class FtpConfigTest {
    static FtpFixture fx;

    @BeforeAll
    static void start() throws Exception {
        fx = new FtpFixture();
    }

    @AfterAll
    static void stop() throws Exception {
        fx.close();
    }

    private void set(String key, String value) {
        assertEquals(200, fx.api.send("PUT", "/_config/backend/" + key, fx.admin.token(), "application/json",
                "\"" + value + "\"", java.util.Map.of()).status());
    }

    private void awaitRunning(boolean running) throws InterruptedException {
        for (int i = 0; i < 500 && fx.ftp.isRunning() != running; i++) Thread.sleep(20);
        assertEquals(running, fx.ftp.isRunning());
    }

    @Test
    void ftpEnableTurnsTheListenersOffAndOnLive() throws Exception {
        int port = fx.ftpPort();
        set("ftp.enable", "false");
        awaitRunning(false);
        assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close());
        set("ftp.enable", "true");
        awaitRunning(true);
        try (RawFtpClient c = new RawFtpClient(fx.ftpPort())) {
            assertEquals(230, c.login(fx.alice.email(), fx.alice.password()).code());
        }
        assertEquals(403, fx.api.send("PUT", "/_config/backend/ftp.enable", fx.alice.token(), "application/json", "\"false\"",
                java.util.Map.of()).status());
        assertTrue(fx.ftp.isRunning());
    }

    @Test
    void requireTlsRefusesPlainLoginsButNotTlsOnes() throws Exception {
        set("ftp.require_tls", "true");
        try {
            try (RawFtpClient c = new RawFtpClient(fx.ftpPort())) {
                c.greeting();
                assertEquals(FtpReplies.TLS_REQUIRED.code(), c.send("USER " + fx.alice.email()).code());
            }
            FtpFixture.requireTool("curl", "curl");
            FtpFixture.Run plain = FtpFixture.run(null, FtpFixture.cmd("curl", "-sS", "--max-time", "30", "--user",
                    fx.alice.email() + ":" + fx.alice.password(), "ftp://127.0.0.1:" + fx.ftpPort() + "/"));
            assertEquals(67, plain.exit(), plain.output());   // CURLE_LOGIN_DENIED
            FtpFixture.Run tls = FtpFixture.run(null, FtpFixture.cmd("curl", "-sS", "--max-time", "30", "--ssl-reqd", "-k", "-l",
                    "--user", fx.alice.email() + ":" + fx.alice.password(), "ftp://127.0.0.1:" + fx.ftpPort() + "/"));
            assertEquals(0, tls.exit(), tls.output());
            assertTrue(tls.output().contains("alpha"), tls.output());
        } finally {
            set("ftp.require_tls", "false");
        }
    }

    @Test
    void statisticsShowTheFtpSection() throws Exception {
        try (RawFtpClient c = new RawFtpClient(fx.ftpPort())) {
            assertEquals(230, c.login(fx.alice.email(), fx.alice.password()).code());
            var ftp = fx.api.get("/statistics", null).json().path("ftp");
            assertTrue(ftp.path("running").asBoolean(), ftp.toString());
            assertTrue(ftp.path("sessions").asInt() >= 1, ftp.toString());
        }
    }

    @Test
    void passiveAddressIsAdvertisedAsConfigured() throws Exception {
        set("ftp.passive.address", "127.0.0.1");
        try (RawFtpClient c = new RawFtpClient(fx.ftpPort())) {
            assertEquals(230, c.login(fx.alice.email(), fx.alice.password()).code());
            RawFtpClient.Reply r = c.send("PASV");
            assertEquals(227, r.code());
            assertTrue(r.text().contains("(127,0,0,1,"), r.text());
            int port = Integer.parseInt(r.text().replaceAll(".*\\((\\d+),(\\d+),(\\d+),(\\d+),(\\d+),(\\d+)\\).*", "$5")) * 256
                    + Integer.parseInt(r.text().replaceAll(".*\\((\\d+),(\\d+),(\\d+),(\\d+),(\\d+),(\\d+)\\).*", "$6"));
            assertTrue(port >= 47100 && port <= 47399, "port " + port + " in ftp.passive.ports");
        } finally {
            set("ftp.passive.address", "");
        }
    }
}

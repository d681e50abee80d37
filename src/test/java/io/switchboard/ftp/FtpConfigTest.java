package io.switchboard.ftp;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.Socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hot config: ftp.enable starts and stops the listeners; ftp.require_tls, ftp.passive.address and the
 * limits (ftp.max_clients, ftp.anonymous, ftp.max_line, ftp.idle.seconds, ftp.data.*) apply live.
 */
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

    private void awaitNoSessions() throws InterruptedException {
        for (int i = 0; i < 500 && fx.ftp.sessions() > 0; i++) Thread.sleep(20);
        assertEquals(0, fx.ftp.sessions());
    }

    @Test
    void maxClientsRefusesTheConnectionBeyondTheLimit() throws Exception {
        FtpFixture.requireTool("curl", "curl");
        FtpFixture.requireTool("python3", "python3");
        awaitNoSessions();
        set("ftp.max_clients", "1");
        try (RawFtpClient first = new RawFtpClient(fx.ftpPort())) {
            assertEquals(220, first.greeting().code());
            // ftplib reads the greeting and raises error_temp for the 421 (curl would report it as a timeout, its code 28)
            FtpFixture.Run second = FtpFixture.run(null, FtpFixture.cmd("python3", "-c",
                    "import ftplib\ntry:\n ftplib.FTP().connect('127.0.0.1'," + fx.ftpPort() + ",timeout=30)\nexcept ftplib.error_temp as e:\n print(e)",
                    ""));
            assertEquals(0, second.exit(), second.output());
            assertTrue(second.output().startsWith("421"), second.output());
        } finally {
            set("ftp.max_clients", "500");
        }
        awaitNoSessions();
        FtpFixture.Run again = FtpFixture.run(null, FtpFixture.cmd("curl", "-sS", "--max-time", "30", "-l",
                "--user", fx.alice.email() + ":" + fx.alice.password(), "ftp://127.0.0.1:" + fx.ftpPort() + "/"));
        assertEquals(0, again.exit(), again.output());
    }

    @Test
    void anonymousLoginsFollowFtpAnonymous() throws Exception {
        FtpFixture.requireTool("curl", "curl");
        java.util.List<String> anonymousList = FtpFixture.cmd("curl", "-sS", "--max-time", "30", "-l", "ftp://127.0.0.1:" + fx.ftpPort() + "/");
        FtpFixture.Run allowed = FtpFixture.run(null, anonymousList);
        assertEquals(0, allowed.exit(), allowed.output());
        assertTrue(allowed.output().contains("public"), allowed.output());
        set("ftp.anonymous", "false");
        try {
            FtpFixture.Run refused = FtpFixture.run(null, anonymousList);
            assertEquals(67, refused.exit(), refused.output());   // CURLE_LOGIN_DENIED
            try (RawFtpClient c = new RawFtpClient(fx.ftpPort())) {
                c.greeting();
                assertEquals(FtpReplies.ANONYMOUS_DISABLED.code(), c.send("USER anonymous").code());
                assertEquals(FtpReplies.USER_FIRST.code(), c.send("PASS guest@").code());
            }
        } finally {
            set("ftp.anonymous", "true");
        }
    }

    @Test
    void maxLineAppliesToNewConnections() throws Exception {
        String longArgument = "x".repeat(300);
        set("ftp.max_line", "100");
        try (RawFtpClient c = new RawFtpClient(fx.ftpPort())) {
            c.greeting();
            assertEquals(FtpReplies.LINE_TOO_LONG.code(), c.send("NOOP " + longArgument).code());
            assertEquals(200, c.send("NOOP").code());
        } finally {
            set("ftp.max_line", "2048");
        }
        try (RawFtpClient c = new RawFtpClient(fx.ftpPort())) {
            c.greeting();
            assertEquals(200, c.send("NOOP " + longArgument).code());
        }
    }

    @Test
    void idleControlConnectionsAreClosedAfterFtpIdleSeconds() throws Exception {
        set("ftp.idle.seconds", "1");
        try (RawFtpClient c = new RawFtpClient(fx.ftpPort())) {
            c.greeting();
            // nothing sent: the server speaks first, then closes
            assertEquals(FtpReplies.IDLE_TIMEOUT.code(), c.read().code());
        } finally {
            set("ftp.idle.seconds", "300");
        }
    }

    @Test
    void aPassiveConnectionNobodyOpensFailsAfterFtpDataConnectSeconds() throws Exception {
        set("ftp.data.connect.seconds", "1");
        try (RawFtpClient c = new RawFtpClient(fx.ftpPort())) {
            assertEquals(230, c.login(fx.alice.email(), fx.alice.password()).code());
            RawFtpClient.Reply epsv = c.send("EPSV");
            assertEquals(229, epsv.code());
            int port = Integer.parseInt(epsv.text().replaceAll(".*\\(\\|\\|\\|(\\d+)\\|\\).*", "$1"));
            assertEquals(150, c.send("NLST /alpha").code());
            assertEquals(FtpReplies.DATA_OPEN_FAILED.code(), c.read().code());
            assertEquals(200, c.send("NOOP").code());
            // a session's passive port unused for that long is given back to the range
            boolean released = false;
            for (int i = 0; i < 200 && !released; i++) {
                try (java.net.Socket probe = new java.net.Socket("127.0.0.1", port)) {
                    Thread.sleep(50);
                } catch (java.net.ConnectException e) {
                    released = true;
                }
            }
            assertTrue(released, "passive port " + port + " closed");
        } finally {
            set("ftp.data.connect.seconds", "30");
        }
    }

    @Test
    void aSilentDataConnectionFailsItsUploadAfterFtpDataTimeoutSeconds() throws Exception {
        set("ftp.data.timeout.seconds", "1");
        try (RawFtpClient c = new RawFtpClient(fx.ftpPort())) {
            assertEquals(230, c.login(fx.alice.email(), fx.alice.password()).code());
            try (java.net.Socket data = c.passiveData()) {
                assertEquals(150, c.send("STOR /alpha/silent.bin").code());
                data.getOutputStream().write(new byte[]{1, 2, 3});
                data.getOutputStream().flush();
                // then nothing: the server gives up on the data connection, and keeps no file
                assertEquals(FtpReplies.DATA_LOST.code(), c.read().code());
            }
            assertEquals(200, c.send("NOOP").code());
            assertTrue(java.nio.file.Files.notExists(fx.siteRoot("alpha").resolve("silent.bin")));
        } finally {
            set("ftp.data.timeout.seconds", "120");
        }
    }
}

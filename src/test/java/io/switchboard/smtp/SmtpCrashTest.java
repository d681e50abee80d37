package io.switchboard.smtp;

import io.switchboard.Json;
import io.switchboard.support.Api;
import io.switchboard.support.Api.Resp;
import io.switchboard.support.Api.User;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.switchboard.smtp.SmtpInteropTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The promise behind "250 after DATA": a server process killed with SIGKILL right after its last
 * 250 has every acknowledged message when it comes back (H2 WRITE_DELAY=0 plus fsynced blobs).
 */
class SmtpCrashTest {
    private static final String HOST = "crash.test";

    @Test
    void everyAcknowledgedMessageSurvivesAKill9() throws Exception {
        SmtpInteropTest.requireTool("swaks", "swaks");
        Path data = Files.createTempDirectory("smtp-crash-");
        int http = freePort();
        int smtp = freePort();
        Process p = start(data, http, smtp);
        List<String> subjects = new ArrayList<>();
        String token;
        try {
            Api api = new Api("http://127.0.0.1:" + http);
            waitFor(() -> api.get("/api/world", null).status() > 0, "HTTP");
            User admin = api.newUser("Admin");
            assertEquals(200, api.post("/action/world/become_an_administrator", admin.token(), "{}").status());
            token = admin.token();
            assertEquals(201, api.post("/api/mail_server", token, Api.resource("mail_server", Json.object().put("hostname", HOST)
                    .put("is_enabled", true).put("always_on_tls", false).put("authentication_required", false))).status());
            assertEquals(201, api.post("/api/mail_account", token, Api.resource("mail_account",
                    Json.object().put("username", "dora@" + HOST).put("user_account", admin.id()))).status());
            waitFor(() -> canConnect(smtp), "SMTP");
            for (int i = 0; i < 5; i++) {
                String subject = "survivor " + i;
                SmtpInteropTest.Run r = run(List.of("swaks", "--server", "127.0.0.1", "--port", "" + smtp, "--from", "x@outside.test",
                        "--to", "dora@" + HOST, "--header", "Subject: " + subject));
                assertEquals(0, r.code(), r.out());
                assertTrue(r.out().contains("250 2.0.0 OK: queued"), r.out());
                subjects.add(subject);
            }
        } finally {
            p.destroyForcibly(); // SIGKILL: no shutdown hook, no drain
            p.waitFor(30, TimeUnit.SECONDS);
        }
        Process again = start(data, http, smtp);
        try {
            Api api = new Api("http://127.0.0.1:" + http);
            waitFor(() -> api.get("/api/world", null).status() > 0, "HTTP after restart");
            Resp list = api.get("/api/mail?page[size]=100", token);
            assertEquals(200, list.status(), list.text());
            for (String s : subjects) assertTrue(list.text().contains(s), s + " lost: " + list.text());
        } finally {
            again.destroyForcibly();
            again.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static Process start(Path data, int http, int smtp) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of(java, "-cp", System.getProperty("java.class.path"), "io.switchboard.Main",
                "--set", "data.dir=" + data, "--set", "http.port=" + http, "--set", "http.bind=127.0.0.1",
                "--set", "smtp.enable=true", "--set", "smtp.listen.override=127.0.0.1:" + smtp,
                "--set", "password.pbkdf2.iterations=1000", "--set", "ratelimit.enabled=false", "--set", "log.level=warn",
                "--set", "net.worker.threads=2");
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(data.resolve("server.log").toFile()).start();
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    private static void waitFor(Check c, String what) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            try {
                if (c.ok()) return;
            } catch (Exception notYet) {
                // not up yet
            }
            Thread.sleep(100);
        }
        fail(what + " did not come up");
    }

    private static boolean canConnect(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}

package io.switchboard.smtp;

import io.switchboard.Json;
import io.switchboard.support.Api;
import io.switchboard.support.Api.Resp;
import io.switchboard.support.Api.User;
import io.switchboard.support.TestServer;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static io.switchboard.smtp.SmtpInteropTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Listeners follow smtp.enable and mail_server rows live; stored mail and UIDs survive a restart;
 * incoming DKIM signatures made by python3-dkim are verified; connection limits apply.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SmtpLifecycleTest {
    private static final String HOST = "life.test";
    private TestServer ts;
    private Api api;
    private User admin;
    private String serverId;
    private final Map<String, List<String>> txt = new ConcurrentHashMap<>();
    private Path work;

    @BeforeAll
    void start() throws Exception {
        SmtpInteropTest.requireTool("swaks", "swaks");
        SmtpInteropTest.requirePython("dkim", "python3-dkim");
        work = Files.createTempDirectory("smtp-life-");
        ts = new TestServer(TestServer.Db.H2, Map.of("smtp.enable", "true", "smtp.listen.override", "127.0.0.1:0"));
        stubDns();
        api = ts.api();
        admin = api.newUser("Admin");
        assertEquals(200, api.post("/action/world/become_an_administrator", admin.token(), "{}").status());
        Resp r = api.post("/api/mail_server", admin.token(), Api.resource("mail_server", Json.object().put("hostname", HOST)
                .put("is_enabled", true).put("listen_interface", "127.0.0.1:0").put("always_on_tls", false)
                .put("authentication_required", false).put("max_clients", 3)));
        assertEquals(201, r.status(), r.text());
        serverId = r.json().path("data").path("id").asText();
        assertEquals(201, api.post("/api/mail_account", admin.token(), Api.resource("mail_account",
                Json.object().put("username", "carl@" + HOST).put("password", "carl-password"))).status());
    }

    private void stubDns() {
        SmtpModule.of(ts.server()).resolver(new DnsResolver() {
            @Override
            public List<String> txt(String name) {
                return txt.getOrDefault(name, List.of());
            }

            @Override
            public List<InetAddress> addresses(String name) {
                return List.of();
            }

            @Override
            public List<String> mx(String name) {
                return List.of();
            }
        });
    }

    @AfterAll
    void stop() throws Exception {
        if (ts != null) ts.close();
    }

    private int port() throws InterruptedException {
        return SmtpListeners.awaitPort(ts.server(), HOST);
    }

    private void waitStopped() throws InterruptedException {
        for (int i = 0; i < 200 && SmtpModule.of(ts.server()).port(HOST) > 0; i++) Thread.sleep(50);
        assertEquals(-1, SmtpModule.of(ts.server()).port(HOST));
    }

    private SmtpInteropTest.Run swaks(int port, String subject) {
        return run(List.of("swaks", "--server", "127.0.0.1", "--port", "" + port, "--from", "x@outside.test", "--to", "carl@" + HOST,
                "--header", "Subject: " + subject));
    }

    @Test
    void smtpEnableStopsAndStartsEveryListenerLive() throws Exception {
        int before = port();
        assertEquals(200, api.send("PUT", "/_config/backend/smtp.enable", admin.token(), null, "\"false\"", Map.of()).status());
        waitStopped();
        assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", before).close());
        assertEquals(200, api.send("PUT", "/_config/backend/smtp.enable", admin.token(), null, "\"true\"", Map.of()).status());
        assertEquals(0, swaks(port(), "after re-enable").code());
    }

    @Test
    void disablingAMailServerRowStopsItsListenerLive() throws Exception {
        port();
        Resp off = api.patch("/api/mail_server/" + serverId, admin.token(), Api.resource("mail_server", Json.object().put("is_enabled", false)));
        assertEquals(200, off.status(), off.text());
        waitStopped();
        Resp on = api.patch("/api/mail_server/" + serverId, admin.token(), Api.resource("mail_server", Json.object().put("is_enabled", true)));
        assertEquals(200, on.status(), on.text());
        assertEquals(0, swaks(port(), "after row re-enable").code());
    }

    @Test
    void storedMailAndIncreasingUidsSurviveARestart() throws Exception {
        assertEquals(0, swaks(port(), "restart one").code());
        assertEquals(0, swaks(port(), "restart two").code());
        long uid2 = uid("restart two");
        assertEquals(uid("restart one") + 1, uid2);
        ts.restart();
        stubDns();
        assertEquals(0, swaks(port(), "restart three").code());
        assertEquals(uid2 + 1, uid("restart three"));
        String key = ts.server().database().withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT \"mail\" FROM \"mail\" WHERE \"subject\" = 'restart one'");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        });
        assertTrue(new String(io.switchboard.mail.MailStore.read(ts.server().blobs(), key), StandardCharsets.UTF_8).contains("Subject: restart one"));
    }

    @Test
    void incomingDkimSignatureFromPythonDkimIsVerifiedAndATamperedOneFails() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(1024); // the smallest size python3-dkim accepts; keeps key generation quick
        KeyPair kp = g.generateKeyPair();
        Path pem = work.resolve("key.pem");
        try (Writer w = Files.newBufferedWriter(pem); JcaPEMWriter p = new JcaPEMWriter(w)) {
            p.writeObject(kp.getPrivate());
        }
        txt.put("sel._domainkey.signer.test", List.of("v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(kp.getPublic().getEncoded())));
        txt.put("signer.test", List.of("v=spf1 ip4:127.0.0.0/8 -all"));
        for (String variant : new String[]{"good", "tampered"}) {
            String subject = "dkim " + variant;
            Path in = work.resolve(variant + ".eml");
            Files.writeString(in, "From: ann@signer.test\r\nTo: carl@" + HOST + "\r\nSubject: " + subject
                    + "\r\nDate: Mon, 2 Feb 2026 10:00:00 +0000\r\nMessage-ID: <" + variant + "@signer.test>\r\n\r\nSigned body.\r\n");
            Path signed = work.resolve(variant + ".signed.eml");
            SmtpInteropTest.Run s = run(List.of("/usr/bin/python3", Path.of("src/test/resources/smtp/dkimsign.py").toAbsolutePath().toString(),
                    in.toString(), signed.toString(), "sel", "signer.test", pem.toString()));
            assertEquals(0, s.code(), s.out());
            if (variant.equals("tampered")) Files.writeString(signed, Files.readString(signed).replace("Signed body.", "Changed body."));
            SmtpInteropTest.Run r = run(List.of("swaks", "--server", "127.0.0.1", "--port", "" + port(), "--from", "ann@signer.test",
                    "--to", "carl@" + HOST, "--data", "@" + signed));
            assertEquals(0, r.code(), r.out());
            String raw = raw(subject);
            assertTrue(raw.contains("dkim=" + (variant.equals("good") ? "pass" : "fail") + " header.d=signer.test"), raw);
            assertTrue(raw.contains("spf=pass"), raw);
        }
    }

    @Test
    void maxClientsRefusesTheConnectionOverTheLimit() throws Exception {
        int p = port();
        List<Socket> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                Socket s = new Socket("127.0.0.1", p);
                s.setSoTimeout(20_000);
                open.add(s);
                assertTrue(new BufferedReader(new InputStreamReader(s.getInputStream())).readLine().startsWith("220"));
            }
            try (Socket extra = new Socket("127.0.0.1", p)) {
                extra.setSoTimeout(20_000);
                assertEquals(SmtpReplies.TOO_MANY_CLIENTS, new BufferedReader(new InputStreamReader(extra.getInputStream())).readLine());
            }
        } finally {
            for (Socket s : open) s.close();
        }
    }

    @Test
    void commandsPipelinedAfterStartTlsAreRefused() throws Exception {
        try (Socket s = new Socket("127.0.0.1", port())) {
            s.setSoTimeout(20_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            in.readLine();
            s.getOutputStream().write("EHLO x.test\r\n".getBytes(StandardCharsets.US_ASCII));
            String l;
            do {
                l = in.readLine();
            } while (l.charAt(3) == '-');
            s.getOutputStream().write("STARTTLS\r\nMAIL FROM:<injected@x.test>\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals(SmtpReplies.TLS_PIPELINED, in.readLine());
        }
    }

    @Test
    void perIpRateLimitRefusesConnectionsOverTheBudget() throws Exception {
        int p = port();
        assertEquals(200, api.send("PUT", "/_config/backend/ratelimit.per_second", admin.token(), null, "\"1\"", Map.of()).status());
        assertEquals(200, api.send("PUT", "/_config/backend/ratelimit.enabled", admin.token(), null, "\"true\"", Map.of()).status());
        int refused = 0;
        try {
            for (int i = 0; i < 20 && refused == 0; i++) {
                try (Socket s = new Socket("127.0.0.1", p)) {
                    s.setSoTimeout(20_000);
                    if (SmtpReplies.RATE_LIMITED.equals(new BufferedReader(new InputStreamReader(s.getInputStream())).readLine())) refused++;
                }
            }
        } finally {
            assertEquals(200, api.send("PUT", "/_config/backend/ratelimit.enabled", admin.token(), null, "\"false\"", Map.of()).status());
        }
        assertTrue(refused > 0, "no connection was refused");
    }

    /** Runs every transcript in src/test/resources/transcripts/smtp against the live listener. */
    @org.junit.jupiter.api.TestFactory
    List<org.junit.jupiter.api.DynamicTest> transcripts() throws Exception {
        List<org.junit.jupiter.api.DynamicTest> out = new ArrayList<>();
        try (var files = Files.list(Path.of("src/test/resources/transcripts/smtp"))) {
            for (Path f : files.sorted().toList()) {
                out.add(org.junit.jupiter.api.DynamicTest.dynamicTest(f.getFileName().toString(), () -> runTranscript(f)));
            }
        }
        assertTrue(out.size() >= 3);
        return out;
    }

    private void runTranscript(Path file) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port())) {
            s.setSoTimeout(20_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            var out = s.getOutputStream();
            int n = 0;
            for (String line : Files.readAllLines(file)) {
                n++;
                if (line.startsWith("#") || line.isBlank()) continue;
                String body = line.length() > 3 ? line.substring(3) : "";
                if (line.startsWith("C:")) {
                    out.write((body + "\r\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                } else if (line.startsWith("S:")) {
                    String got = in.readLine();
                    // an expected final line ("250 ...", or a bare code) skips the continuation lines before it
                    boolean finalLine = body.length() <= 3 || body.charAt(3) == ' ';
                    while (finalLine && got != null && got.length() > 3 && got.charAt(3) == '-') got = in.readLine();
                    assertTrue(got != null && got.startsWith(body), file.getFileName() + ":" + n + " expected " + body + " but got " + got);
                } else {
                    fail(file.getFileName() + ":" + n + " is neither C: nor S:");
                }
            }
        }
    }

    private long uid(String subject) throws Exception {
        return ts.server().database().withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT \"uid\" FROM \"mail\" WHERE \"subject\" = ?")) {
                ps.setString(1, subject);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) fail("no mail " + subject);
                    return rs.getLong(1);
                }
            }
        });
    }

    private String raw(String subject) throws Exception {
        String key = ts.server().database().withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT \"mail\" FROM \"mail\" WHERE \"subject\" = ?")) {
                ps.setString(1, subject);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) fail("no mail " + subject);
                    return rs.getString(1);
                }
            }
        });
        return new String(io.switchboard.mail.MailStore.read(ts.server().blobs(), key), StandardCharsets.UTF_8);
    }
}

package io.switchboard.smtp;

import io.switchboard.Json;
import io.switchboard.support.Api;
import io.switchboard.support.Api.Resp;
import io.switchboard.support.Api.User;
import io.switchboard.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Delivery status notifications (RFC 3461 parameters, RFC 3464 reports) and per-recipient
 * quotas, with Python smtplib sending raw MAIL/RCPT parameters, an aiosmtpd peer (Debian
 * python3-aiosmtpd) that accepts, defers once or refuses, and Python's email package parsing the
 * reports.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SmtpDeliveryReportTest {
    private static final String PY = "/usr/bin/python3";
    private static final String MX = "dsn.test";

    private TestServer ts;
    private Api api;
    private User admin;
    private int port;
    private RelaySink sink;
    private Path sinkDir;

    @BeforeAll
    void start() throws Exception {
        SmtpInteropTest.requirePython("aiosmtpd", "python3-aiosmtpd");
        sink = new RelaySink();
        sinkDir = sink.dir();
        ts = new TestServer(TestServer.Db.H2, Map.of("smtp.enable", "true", "smtp.listen.override", "127.0.0.1:0",
                "smtp.retry.schedule", "1,1", "smtp.relay.host", "127.0.0.1", "smtp.relay.port", Integer.toString(sink.port())));
        SmtpModule.of(ts.server()).resolver(new StubDns());
        api = ts.api();
        admin = api.newUser("Admin");
        assertEquals(200, api.post("/action/world/become_an_administrator", admin.token(), "{}").status());
        Resp srv = api.post("/api/mail_server", admin.token(), Api.resource("mail_server", Json.object().put("hostname", MX)
                .put("is_enabled", true).put("listen_interface", "127.0.0.1:0").put("max_size", 1_000_000)
                .put("always_on_tls", false).put("authentication_required", false)));
        assertEquals(201, srv.status(), srv.text());
        account("alice@" + MX, 0);
        account("bob@" + MX, 0);
        port = SmtpListeners.awaitPort(ts.server(), MX);
    }

    @AfterAll
    void stop() throws Exception {
        if (sink != null) sink.close();
        if (ts != null) ts.close();
    }

    // ------------------------------------------------------------------ RFC 3461 parameters

    @Test
    void ehloAdvertisesDsnAndMalformedParametersAreRefused() {
        List<String> ok = send(null, "x@sender.test", "syntax ok", 10, "RET=HDRS ENVID=a+2Bb", "alice@" + MX, "NOTIFY=success,delay ORCPT=rfc822;alice@" + MX);
        assertTrue(ok.contains("EHLO-DSN yes"), ok.toString());
        assertTrue(line(ok, "RCPT").startsWith("RCPT 250"), ok.toString());
        assertTrue(line(send(null, "x@sender.test", "bad ret", 10, "RET=BODY", "alice@" + MX, ""), "MAIL").startsWith("MAIL 501"));
        assertTrue(line(send(null, "x@sender.test", "bad envid", 10, "ENVID=a=b", "alice@" + MX, ""), "MAIL").startsWith("MAIL 501"));
        assertTrue(line(send(null, "x@sender.test", "never with", 10, "", "alice@" + MX, "NOTIFY=NEVER,SUCCESS"), "RCPT").startsWith("RCPT 501"));
        assertTrue(line(send(null, "x@sender.test", "bad orcpt", 10, "", "alice@" + MX, "ORCPT=alice@" + MX), "RCPT").startsWith("RCPT 501"));
        assertTrue(line(send(null, "x@sender.test", "unknown", 10, "", "alice@" + MX, "FOO=bar"), "RCPT").startsWith("RCPT 555"));
    }

    @Test
    void localDeliveryAskedForSuccessReportsDeliveredWithEnvelopeIdAndOriginalRecipient() throws Exception {
        String envid = "env-" + UUID.randomUUID();
        List<String> r = send("alice", "alice@" + MX, "success wanted", 2000, "RET=HDRS ENVID=" + envid,
                "bob@" + MX, "NOTIFY=SUCCESS ORCPT=rfc822;bob+2Btag@" + MX);
        assertTrue(line(r, "DATA").startsWith("DATA 250"), r.toString());
        Path report = waitForReport("alice@" + MX, envid);
        List<String> parsed = parse(report);
        assertTrue(parsed.contains("TYPE multipart/report delivery-status"), parsed.toString());
        assertTrue(parsed.contains("FIELD Original-Envelope-Id = " + envid), parsed.toString());
        assertTrue(parsed.contains("FIELD Action = delivered"), parsed.toString());
        assertTrue(parsed.contains("FIELD Status = 2.0.0"), parsed.toString());
        assertTrue(parsed.contains("FIELD Original-Recipient = rfc822; bob+tag@" + MX), parsed.toString());
        assertTrue(parsed.contains("FIELD Final-Recipient = rfc822; bob@" + MX), parsed.toString());
        assertTrue(parsed.contains("PART text/rfc822-headers"), parsed.toString());
        assertTrue(parsed.contains("RETURNED-BODY no"), parsed.toString());
    }

    @Test
    void withoutNotifyALocalDeliveryProducesNoReport() throws Exception {
        String envid = "env-" + UUID.randomUUID();
        List<String> r = send("alice", "alice@" + MX, "no report wanted", 500, "ENVID=" + envid, "bob@" + MX, "");
        assertTrue(line(r, "DATA").startsWith("DATA 250"), r.toString());
        Thread.sleep(500);
        assertNull(findReport("alice@" + MX, envid));
    }

    @Test
    void refusedRelayBouncesWithTheWholeMessageWhenRetIsFull() throws Exception {
        startSink("permfail");
        String envid = "env-" + UUID.randomUUID();
        List<String> r = send("alice", "alice@" + MX, "refused by the peer", 3000, "RET=FULL ENVID=" + envid,
                "carol@remote.test", "NOTIFY=FAILURE");
        assertTrue(line(r, "DATA").startsWith("DATA 250"), r.toString());
        List<String> parsed = parse(waitForReport("alice@" + MX, envid));
        assertTrue(parsed.contains("FIELD Action = failed"), parsed.toString());
        assertTrue(parsed.contains("FIELD Status = 5.1.1"), parsed.toString());
        assertTrue(parsed.contains("FIELD Final-Recipient = rfc822; carol@remote.test"), parsed.toString());
        assertTrue(parsed.stream().anyMatch(l -> l.startsWith("FIELD Diagnostic-Code = smtp;") && l.contains("550 5.1.1")), parsed.toString());
        assertTrue(parsed.contains("PART message/rfc822"), parsed.toString());
        assertTrue(parsed.contains("RETURNED-SUBJECT refused by the peer"), parsed.toString());
        assertTrue(parsed.contains("RETURNED-BODY yes"), parsed.toString());
    }

    @Test
    void notifyNeverSuppressesTheBounce() throws Exception {
        startSink("permfail");
        String envid = "env-" + UUID.randomUUID();
        List<String> r = send("alice", "alice@" + MX, "never tell me", 100, "ENVID=" + envid, "dave@remote.test", "NOTIFY=NEVER");
        assertTrue(line(r, "DATA").startsWith("DATA 250"), r.toString());
        for (int i = 0; i < 200 && !outboxFailed("dave@remote.test"); i++) Thread.sleep(50);
        assertTrue(outboxFailed("dave@remote.test"), "the outbox row did not fail");
        Thread.sleep(500);
        assertNull(findReport("alice@" + MX, envid));
    }

    @Test
    void deferredRelayGivesOneDelayNoticeWhenAskedThenDelivers() throws Exception {
        startSink("tempfail-once");
        String envid = "env-" + UUID.randomUUID();
        List<String> r = send("alice", "alice@" + MX, "deferred once", 100, "ENVID=" + envid, "erin@remote.test", "NOTIFY=DELAY,FAILURE");
        assertTrue(line(r, "DATA").startsWith("DATA 250"), r.toString());
        List<String> parsed = parse(waitForReport("alice@" + MX, envid));
        assertTrue(parsed.contains("FIELD Action = delayed"), parsed.toString());
        assertTrue(parsed.contains("FIELD Status = 4.3.0"), parsed.toString());
        sink.waitFor("1.eml");
        assertTrue(Files.readString(sinkDir.resolve("1.eml")).contains("deferred once"));
    }

    @Test
    void relayToAPeerWithoutDsnReportsRelayedWhenSuccessWasAsked() throws Exception {
        startSink("ok");
        String envid = "env-" + UUID.randomUUID();
        List<String> r = send("alice", "alice@" + MX, "relayed onwards", 100, "ENVID=" + envid, "frank@remote.test", "NOTIFY=SUCCESS");
        assertTrue(line(r, "DATA").startsWith("DATA 250"), r.toString());
        List<String> parsed = parse(waitForReport("alice@" + MX, envid));
        assertTrue(parsed.contains("FIELD Action = relayed"), parsed.toString());
        assertTrue(parsed.contains("FIELD Remote-MTA = dns; 127.0.0.1"), parsed.toString());
    }

    // ------------------------------------------------------------------ quota

    @Test
    void aFullMailboxIsRefusedAtRcptWith452() throws Exception {
        String id = account("full@" + MX, 5000);
        assertTrue(line(send(null, "x@sender.test", "fills it", 1500, "", "full@" + MX, ""), "DATA").startsWith("DATA 250"));
        Resp p = api.patch("/api/mail_account/" + id, admin.token(), Api.resource("mail_account", Json.object().put("quota", 100)));
        assertEquals(200, p.status(), p.text());
        for (int i = 0; i < 100 && SmtpModule.of(ts.server()).directory().account("full@" + MX).quota() != 100; i++) Thread.sleep(20);
        List<String> r = send(null, "x@sender.test", "no room", 100, "", "full@" + MX, "");
        assertEquals("RCPT 452 4.2.2 Mailbox full: full@" + MX, line(r, "RCPT"), r.toString());
        assertNull(line(r, "DATA"), r.toString());
    }

    @Test
    void aDeclaredSizeOverTheQuotaIsRefusedAtRcpt() throws Exception {
        account("sized@" + MX, 5000);
        List<String> r = send(null, "x@sender.test", "declared big", 100, "SIZE=6000", "sized@" + MX, "");
        assertTrue(line(r, "RCPT").startsWith("RCPT 452 4.2.2"), r.toString());
        List<String> fits = send(null, "x@sender.test", "declared small", 100, "SIZE=1000", "sized@" + MX, "");
        assertTrue(line(fits, "DATA").startsWith("DATA 250"), fits.toString());
    }

    @Test
    void aMessageThatWouldOverflowTheMailboxIsRefusedAtDataWith552AndNotStored() throws Exception {
        account("small@" + MX, 4000);
        List<String> r = send(null, "x@sender.test", "too big for the quota", 6000, "", "small@" + MX, "");
        assertTrue(line(r, "RCPT").startsWith("RCPT 250"), r.toString());
        assertEquals("DATA 552 5.2.2 Mailbox full, message too large for the quota of small@" + MX, line(r, "DATA"), r.toString());
        assertFalse(stored("too big for the quota"));
    }

    @Test
    void whenOneOfSeveralMailboxesIsTooFullTheOthersGetTheMessageAndTheSenderAReport() throws Exception {
        startSink("ok");
        account("narrow@" + MX, 4000);
        List<String> r = send(null, "sender@sender.test", "partly delivered", 6000, "", "alice@" + MX, "", "narrow@" + MX, "");
        assertTrue(line(r, "DATA").startsWith("DATA 250"), r.toString());
        assertTrue(stored("partly delivered"));
        assertEquals(1, count("partly delivered"));
        Path report = waitForSinkMessage("narrow@" + MX);
        Path envelopeFrom = Path.of(report.toString().replace(".eml", ".from"));
        String reversePath = Files.readString(envelopeFrom);
        assertTrue(reversePath.isEmpty() || reversePath.equals("<>"), "reports go out with the null reverse-path, not " + reversePath);
        List<String> parsed = parse(report);
        assertTrue(parsed.contains("FIELD Action = failed"), parsed.toString());
        assertTrue(parsed.contains("FIELD Status = 5.2.2"), parsed.toString());
        assertTrue(parsed.contains("FIELD Final-Recipient = rfc822; narrow@" + MX), parsed.toString());
    }

    // ------------------------------------------------------------------ helpers

    /** Runs dsn_send.py: alice authenticates (STARTTLS + AUTH) when {@code user} is given. */
    private List<String> send(String user, String from, String subject, int size, String mailOpts, String... rcptPairs) {
        List<String> cmd = new ArrayList<>(List.of(PY, resource("dsn_send.py"), "" + port, user == null ? "-" : user + "@" + MX,
                user == null ? "-" : user + "-password", from, subject, "" + size, mailOpts));
        cmd.addAll(List.of(rcptPairs));
        SmtpInteropTest.Run r = SmtpInteropTest.run(cmd);
        assertEquals(0, r.code(), r.out());
        return r.out().lines().toList();
    }

    private static String line(List<String> out, String step) {
        return out.stream().filter(l -> l.startsWith(step + " ")).findFirst().orElse(null);
    }

    private List<String> parse(Path report) {
        SmtpInteropTest.Run r = SmtpInteropTest.run(List.of(PY, resource("dsn_parse.py"), report.toString()));
        assertEquals(0, r.code(), r.out());
        return r.out().lines().toList();
    }

    private String account(String address, long quota) {
        Resp r = api.post("/api/mail_account", admin.token(), Api.resource("mail_account", Json.object().put("username", address)
                .put("password", address.substring(0, address.indexOf('@')) + "-password").put("quota", quota)));
        assertEquals(201, r.status(), r.text());
        return r.json().path("data").path("id").asText();
    }

    /** A report in the account's INBOX that names this envelope id, written to a file; waits up to 15 s. */
    private Path waitForReport(String account, String envid) throws Exception {
        for (int i = 0; i < 300; i++) {
            Path p = findReport(account, envid);
            if (p != null) return p;
            Thread.sleep(50);
        }
        fail("no delivery report for " + envid + " in " + account);
        return null;
    }

    private Path findReport(String account, String envid) throws Exception {
        List<String> blobs = ts.server().database().withConnection(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT m.\"mail\" FROM \"mail\" m JOIN \"mail_box\" b ON b.\"reference_id\" = m.\"mail_box\" "
                    + "JOIN \"mail_account\" a ON a.\"reference_id\" = b.\"mail_account\" WHERE a.\"username\" = ? AND b.\"name\" = 'INBOX' "
                    + "AND m.\"from_address\" LIKE 'Mail Delivery System%'")) {
                ps.setString(1, account);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(rs.getString(1));
                }
            }
            return out;
        });
        for (String key : blobs) {
            String raw;
            raw = new String(io.switchboard.mail.MailStore.read(ts.server().blobs(), key), StandardCharsets.UTF_8);
            if (raw.contains("Original-Envelope-Id: " + envid)) {
                Path p = Files.createTempFile(sinkDir.getParent(), "report-", ".eml");
                Files.writeString(p, raw);
                return p;
            }
        }
        return null;
    }

    private boolean stored(String subject) throws Exception {
        return count(subject) > 0;
    }

    private int count(String subject) throws Exception {
        return ts.server().database().withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM \"mail\" WHERE \"subject\" = ?")) {
                ps.setString(1, subject);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    private boolean outboxFailed(String to) throws Exception {
        return ts.server().database().withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT \"last_error\" FROM \"outbox\" WHERE \"to_address\" = ?")) {
                ps.setString(1, to);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() && rs.getString(1) != null && rs.getString(1).startsWith("failed permanently");
                }
            }
        });
    }

    private void startSink(String mode) throws Exception {
        sink.start(mode);
    }

    /** The first message at the sink that contains {@code text}; waits up to 15 s. */
    private Path waitForSinkMessage(String text) throws Exception {
        for (int i = 0; i < 300; i++) {
            try (var files = Files.list(sinkDir)) {
                for (Path p : files.filter(f -> f.toString().endsWith(".eml")).toList()) {
                    if (Files.readString(p).contains(text)) return p;
                }
            }
            Thread.sleep(50);
        }
        fail("no message containing " + text + " arrived at the sink");
        return null;
    }

    private static String resource(String name) {
        return Path.of("src/test/resources/smtp", name).toAbsolutePath().toString();
    }


}

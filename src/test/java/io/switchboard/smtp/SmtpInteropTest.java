package io.switchboard.smtp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.Json;
import io.switchboard.entity.EntityEvent;
import io.switchboard.support.Api;
import io.switchboard.support.Api.Resp;
import io.switchboard.support.Api.User;
import io.switchboard.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * SMTP over real sockets against real clients: swaks (Debian swaks), Python smtplib, an aiosmtpd
 * sink (Debian python3-aiosmtpd) as relay, and python3-dkim verifying our signatures.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SmtpInteropTest {
    private static final String PY = "/usr/bin/python3";
    private static final String MX = "example.test";
    private static final String SUBMIT = "submit.example.test";

    private TestServer ts;
    private Api api;
    private User admin;
    private int mxPort;
    private int tlsPort;
    private RelaySink sink;
    private Path sinkDir;
    private final StubDns dns = new StubDns();
    private final Map<String, List<String>> txt = dns.txt;
    private final List<EntityEvent> mailEvents = new CopyOnWriteArrayList<>();

    @BeforeAll
    void start() throws Exception {
        requireTool("swaks", "swaks");
        requirePython("aiosmtpd", "python3-aiosmtpd");
        requirePython("dkim", "python3-dkim");
        sink = new RelaySink();
        sinkDir = sink.dir();
        ts = new TestServer(TestServer.Db.H2, Map.of("smtp.enable", "true", "smtp.listen.override", "127.0.0.1:0",
                "smtp.retry.schedule", "1,1", "smtp.relay.host", "127.0.0.1", "smtp.relay.port", Integer.toString(sink.port()),
                "auth.lockout.attempts", "5"));
        ts.server().eventBus().subscribe(e -> {
            if (e.table().equals("mail")) mailEvents.add(e);
        });
        SmtpModule.of(ts.server()).resolver(dns);
        api = ts.api();
        admin = api.newUser("Admin");
        assertEquals(200, api.post("/action/world/become_an_administrator", admin.token(), "{}").status());
        createServer(MX, false, false);
        createServer(SUBMIT, true, true);
        createAccount("alice@" + MX, "alice-password");
        createAccount("bob@" + MX, "bob-password");
        mxPort = waitForPort(MX);
        tlsPort = waitForPort(SUBMIT);
    }

    @AfterAll
    void stop() throws Exception {
        if (sink != null) sink.close();
        if (ts != null) ts.close();
    }

    // ------------------------------------------------------------------ receiving

    @Test
    void swaksDeliversToALocalMailboxWithTraceAndSpfHeaders() throws Exception {
        txt.put("sender.test", List.of("v=spf1 ip4:127.0.0.1 -all"));
        Run r = run(List.of("swaks", "--server", "127.0.0.1", "--port", "" + mxPort, "--from", "carol@sender.test",
                "--to", "alice@" + MX, "--helo", "client.sender.test", "--header", "Subject: swaks plain"));
        assertEquals(0, r.code, r.out);
        assertTrue(r.out.contains("250 2.0.0 OK: queued as"), r.out);
        Map<String, Object> row = mailRow("swaks plain");
        String raw = blob((String) row.get("mail"));
        assertTrue(raw.contains("Received-SPF: pass"), raw);
        assertTrue(raw.contains("Authentication-Results: " + MX), raw);
        assertTrue(raw.contains("X-Spam-Score:"), raw);
        assertEquals("INBOX", folderName((String) row.get("mail_box")));
        assertTrue(mailEvents.stream().anyMatch(e -> e.row().referenceId().equals(row.get("reference_id"))));
        Resp stats = api.get("/statistics", admin.token());
        assertEquals(200, stats.status(), stats.text());
        assertTrue(stats.json().findValue("smtp").path("accepted").asLong() > 0, stats.text());
    }

    @Test
    void spfFailIsRecordedForAForbiddenSender() throws Exception {
        txt.put("strict.test", List.of("v=spf1 ip4:192.0.2.0/24 -all"));
        Run r = run(List.of("swaks", "--server", "127.0.0.1", "--port", "" + mxPort, "--from", "x@strict.test",
                "--to", "alice@" + MX, "--header", "Subject: spf fail check"));
        assertEquals(0, r.code, r.out);
        String raw = blob((String) mailRow("spf fail check").get("mail"));
        assertTrue(raw.contains("Received-SPF: fail"), raw);
        assertTrue(raw.contains("SPF_FAIL=5.0"), raw);
    }

    @Test
    void swaksStartTlsWithAuthPlainAndPipelining() {
        Run r = run(List.of("swaks", "--server", "127.0.0.1", "--port", "" + mxPort, "--tls", "--pipeline", "--auth", "PLAIN",
                "--auth-user", "alice@" + MX, "--auth-password", "alice-password", "--from", "alice@" + MX, "--to", "bob@" + MX,
                "--header", "Subject: tls auth pipeline"));
        assertEquals(0, r.code, r.out);
        assertTrue(r.out.contains("235 2.7.0"), r.out);
        assertTrue(r.out.contains("PIPELINING"), r.out);
        assertTrue(mailRowExists("tls auth pipeline"));
    }

    @Test
    void swaksImplicitTlsWithAuthLoginOnTheSubmissionServer() {
        Run r = run(List.of("swaks", "--server", "127.0.0.1", "--port", "" + tlsPort, "--tlsc", "--auth", "LOGIN",
                "--auth-user", "bob@" + MX, "--auth-password", "bob-password", "--from", "bob@" + MX, "--to", "alice@" + MX,
                "--header", "Subject: implicit tls"));
        assertEquals(0, r.code, r.out);
        assertTrue(mailRowExists("implicit tls"));
    }

    @Test
    void submissionServerRequiresAuthentication() {
        Run r = run(List.of("swaks", "--server", "127.0.0.1", "--port", "" + tlsPort, "--tlsc", "--from", "bob@" + MX,
                "--to", "alice@" + MX));
        assertFalse(r.code == 0, r.out);
        assertTrue(r.out.contains("530 5.7.0"), r.out);
    }

    @Test
    void authIsRefusedWithoutTls() {
        Run r = run(List.of("swaks", "--server", "127.0.0.1", "--port", "" + mxPort, "--auth", "PLAIN",
                "--auth-user", "alice@" + MX, "--auth-password", "alice-password", "--to", "bob@" + MX));
        assertFalse(r.code == 0, r.out);
        assertFalse(r.out.contains("235 "), r.out);
    }

    @Test
    void openRelayIsRefusedWithoutAuth() {
        Run r = run(List.of("swaks", "--server", "127.0.0.1", "--port", "" + mxPort, "--from", "a@sender.test",
                "--to", "someone@elsewhere.test"));
        assertFalse(r.code == 0, r.out);
        assertTrue(r.out.contains(SmtpReplies.RELAY_DENIED), r.out);
    }

    @Test
    void unknownLocalUserIsRefusedAtRcpt() {
        Run r = run(List.of("swaks", "--server", "127.0.0.1", "--port", "" + mxPort, "--to", "nobody@" + MX));
        assertFalse(r.code == 0, r.out);
        assertTrue(r.out.contains(SmtpReplies.NO_SUCH_USER), r.out);
    }

    @Test
    void messageOverMaxSizeIsRefusedWith552() throws Exception {
        Path big = Files.createTempFile(sinkDir.getParent(), "big-", ".txt");
        Files.writeString(big, "x".repeat(70).concat("\n").repeat(2000)); // ~142 KB, max_size is 100000
        Run r = run(List.of("swaks", "--server", "127.0.0.1", "--port", "" + mxPort, "--to", "alice@" + MX, "--body", "@" + big));
        Files.delete(big);
        assertFalse(r.code == 0, r.out);
        assertTrue(r.out.contains("552 5.3.4"), r.out);
    }

    @Test
    void aMessageOverflowingTheMailboxIsRefusedAtData() throws Exception {
        Resp acct = api.post("/api/mail_account", admin.token(), Api.resource("mail_account",
                Json.object().put("username", "tiny@" + MX).put("password", "tiny-password").put("quota", 3000)));
        assertEquals(201, acct.status(), acct.text());
        Run first = run(List.of("swaks", "--server", "127.0.0.1", "--port", "" + mxPort, "--to", "tiny@" + MX, "--header", "Subject: fits"));
        assertEquals(0, first.code, first.out);
        Path body = Files.createTempFile(sinkDir.getParent(), "quota-", ".txt");
        Files.writeString(body, "q".repeat(60).concat("\n").repeat(50));
        Run second = run(List.of("swaks", "--server", "127.0.0.1", "--port", "" + mxPort, "--to", "tiny@" + MX, "--body", "@" + body));
        Files.delete(body);
        assertFalse(second.code == 0, second.out);
        assertTrue(second.out.contains(SmtpReplies.mailboxFullAtData("tiny@" + MX)), second.out);
    }

    @Test
    void badCommandsGetErrorsAndTheSessionContinues() {
        Run r = run(List.of("swaks", "--server", "127.0.0.1", "--port", "" + mxPort, "--quit-after", "RCPT", "--to", "alice@" + MX,
                "--from", "<not an address>"));
        assertTrue(r.out.contains("501 "), r.out);
    }

    @Test
    void pythonSmtplibSendsWithStartTlsAndLogin() {
        Run r = run(List.of(PY, resource("smtplib_send.py"), "" + mxPort, "alice@" + MX, "alice-password", "alice@" + MX, "bob@" + MX));
        assertEquals(0, r.code, r.out);
        assertTrue(r.out.contains("SENT {}"), r.out);
        assertTrue(mailRowExists("Hello from smtplib"));
    }

    @Test
    void nodemailerSendsHtmlAndAttachmentsOverStartTlsWithAuth() throws Exception {
        Path dir = Path.of("clients/smtp").toAbsolutePath();
        if (!Files.isDirectory(dir.resolve("node_modules/nodemailer"))) {
            fail("npm package nodemailer is missing: run npm ci in " + dir);
        }
        Run r = run(List.of("node", dir.resolve("send.js").toString(), "" + mxPort, "bob@" + MX, "bob-password", "bob@" + MX,
                "alice@" + MX, "from nodemailer"));
        assertEquals(0, r.code, r.out);
        assertTrue(r.out.startsWith("SENT 250 2.0.0 OK"), r.out);
        Map<String, Object> row = mailRow("from nodemailer");
        String raw = blob((String) row.get("mail"));
        assertTrue(raw.contains("filename=notes.txt") || raw.contains("filename=\"notes.txt\""), raw);
        assertTrue(raw.contains("data.bin"), raw);
        assertTrue(raw.contains("with ESMTPSA"), raw);
        Boolean attach = ts.server().database().withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT \"has_attachment\", \"body\" FROM \"mail\" WHERE \"subject\" = 'from nodemailer'");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertEquals("Plain text part from nodemailer", rs.getString(2).trim());
                return rs.getBoolean(1);
            }
        });
        assertTrue(attach);
    }

    @Test
    void gtubeIsRejectedAtDataAndSpammyMailGoesToJunk() throws Exception {
        Run r = run(List.of("swaks", "--server", "127.0.0.1", "--port", "" + mxPort, "--to", "alice@" + MX,
                "--body", SpamScorer.GTUBE));
        assertFalse(r.code == 0, r.out);
        assertTrue(r.out.contains(SmtpReplies.SPAM_REJECTED), r.out);
        // no Date, no Message-ID, HTML only, subject in capitals: 6.5 >= 5.0 (junk), < 10 (reject)
        String msg = "From: spammer@sender.test\r\nTo: alice@" + MX + "\r\nSubject: BUY CHEAP WATCHES NOW\r\n"
                + "Content-Type: text/html\r\n\r\n<p>cheap</p>\r\n";
        List<String> replies = dialog(mxPort, "EHLO x.test", "MAIL FROM:<spammer@sender.test>", "RCPT TO:<alice@" + MX + ">", "DATA",
                msg + ".", "QUIT");
        assertTrue(replies.get(replies.size() - 2).startsWith("250 2.0.0 OK"), replies.toString());
        Map<String, Object> row = mailRow("BUY CHEAP WATCHES NOW");
        assertEquals("Junk", folderName((String) row.get("mail_box")));
        assertEquals(Boolean.TRUE, row.get("spam"));
    }

    // ------------------------------------------------------------------ bad input

    @Test
    void tenMegabyteCommandLineIsRefusedAndTheSessionSurvives() throws Exception {
        try (Socket s = new Socket("127.0.0.1", mxPort)) {
            s.setSoTimeout(20_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = s.getOutputStream();
            assertTrue(in.readLine().startsWith("220"));
            byte[] chunk = "A".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 10; i++) out.write(chunk);
            out.write("\r\nNOOP\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertEquals(SmtpReplies.LINE_TOO_LONG, in.readLine());
            assertEquals(SmtpReplies.OK, in.readLine());
        }
    }

    @Test
    void nulBytesAndBareLineFeedsInDataAreRejectedNotSmuggled() throws Exception {
        List<String> nul = dialog(mxPort, "EHLO x.test", "MAIL FROM:<a@sender.test>", "RCPT TO:<alice@" + MX + ">", "DATA",
                "Subject: nul\r\n\r\nbad \0 byte\r\n.", "QUIT");
        assertEquals(SmtpReplies.NUL_BYTE, nul.get(nul.size() - 2));
        // a bare-LF "end of data" followed by a smuggled second transaction: one rejection, nothing stored
        List<String> smuggle = dialog(mxPort, "EHLO x.test", "MAIL FROM:<a@sender.test>", "RCPT TO:<alice@" + MX + ">", "DATA",
                "Subject: outer\r\n\r\nhello\n.\nMAIL FROM:<evil@sender.test>\r\nRCPT TO:<bob@" + MX + ">\r\nDATA\r\nSubject: smuggled\r\n\r\nx\r\n.", "QUIT");
        assertEquals(SmtpReplies.BARE_LF, smuggle.get(smuggle.size() - 2));
        assertFalse(mailRowExists("smuggled"));
        assertFalse(mailRowExists("outer"));
    }

    @Test
    void pipelinedGarbageGetsOneErrorPerLineThenTheConnectionIsClosed() throws Exception {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 30; i++) b.append("GARBAGE ").append(i).append("\r\n");
        try (Socket s = new Socket("127.0.0.1", mxPort)) {
            s.setSoTimeout(20_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            in.readLine();
            s.getOutputStream().write(b.toString().getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            List<String> lines = new ArrayList<>();
            String l;
            while ((l = in.readLine()) != null && lines.size() < 100) lines.add(l);
            assertEquals(SmtpReplies.UNKNOWN_COMMAND, lines.get(0));
            assertEquals(SmtpReplies.TOO_MANY_ERRORS, lines.get(lines.size() - 1));
        }
    }

    @Test
    void bdatChunksAreAssembledAndStored() throws Exception {
        String msg = "From: a@sender.test\r\nTo: alice@" + MX + "\r\nSubject: bdat chunks\r\nDate: Mon, 1 Jan 2026 00:00:00 +0000\r\n"
                + "Message-ID: <bdat@sender.test>\r\n\r\nfirst part, ";
        String msg2 = "second part\r\n";
        try (Socket s = new Socket("127.0.0.1", mxPort)) {
            s.setSoTimeout(20_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = s.getOutputStream();
            in.readLine();
            String pipeline = "EHLO x.test\r\nMAIL FROM:<a@sender.test>\r\nRCPT TO:<alice@" + MX + ">\r\n"
                    + "BDAT " + msg.getBytes(StandardCharsets.UTF_8).length + "\r\n" + msg
                    + "BDAT " + msg2.length() + " LAST\r\n" + msg2 + "QUIT\r\n";
            out.write(pipeline.getBytes(StandardCharsets.UTF_8));
            out.flush();
            List<String> lines = new ArrayList<>();
            String l;
            while ((l = in.readLine()) != null) lines.add(l);
            assertTrue(lines.contains("250-CHUNKING"), lines.toString());
            assertTrue(lines.stream().anyMatch(x -> x.startsWith("250 2.0.0 OK: queued")), lines.toString());
        }
        Map<String, Object> row = mailRow("bdat chunks");
        assertTrue(blob((String) row.get("mail")).contains("first part, second part"));
    }

    @Test
    void authBruteForceIsLockedOutEvenForTheRightPassword() throws Exception {
        createAccount("victim@" + MX, "right-password");
        for (int i = 0; i < 5; i++) {
            List<String> r = authPlain("victim@" + MX, "wrong-password-" + i);
            assertTrue(r.get(r.size() - 1).startsWith("535"), r.toString());
        }
        List<String> r = authPlain("victim@" + MX, "right-password");
        assertEquals(SmtpReplies.AUTH_LOCKED, r.get(r.size() - 1));
    }

    // ------------------------------------------------------------------ sending

    @Test
    void mailSendIsDkimSignedRelayedIntoTheSinkAndVerifiedByPythonDkim() throws Exception {
        startSink("ok");
        User alice = api.newUser("Sender");
        createAccountFor("sender@" + MX, alice.id());
        ObjectNode att = Json.object().put("name", "hello.txt").put("type", "text/plain")
                .put("contents", Base64.getEncoder().encodeToString("attached text".getBytes(StandardCharsets.UTF_8)));
        ObjectNode attrs = Json.object().put("from", "sender@" + MX).put("subject", "Relayed and signed").put("body", "Hi there");
        attrs.putArray("to").add("friend@remote.test");
        attrs.putArray("attachments").add(att);
        Resp r = api.post("/action/world/mail.send", alice.token(), Json.object().set("attributes", attrs));
        assertEquals(200, r.status(), r.text());
        Path got = waitForFile(sinkDir.resolve("1.eml"));
        Resp rec = api.post("/action/mail_server/dkim_record", admin.token(), Json.object().set("attributes", Json.object().put("hostname", MX)));
        assertEquals(200, rec.status(), rec.text());
        JsonNode record = rec.json().get(1).path("Attributes");
        Run v = run(List.of(PY, resource("dkimcheck.py"), got.toString(), record.path("name").asText(), record.path("value").asText()));
        assertEquals("PASS", v.out.trim(), v.out);
        String sent = Files.readString(got);
        assertTrue(sent.contains("hello.txt"), sent);
        assertTrue(mailRowExists("Relayed and signed")); // the Sent copy
        assertEquals("Sent", folderName((String) mailRow("Relayed and signed").get("mail_box")));
        // an account without its own password accepts its linked user's password for SMTP AUTH
        Run auth = run(List.of("swaks", "--server", "127.0.0.1", "--port", "" + mxPort, "--tls", "--auth", "LOGIN",
                "--auth-user", "sender@" + MX, "--auth-password", alice.password(), "--from", "sender@" + MX, "--to", "alice@" + MX,
                "--header", "Subject: linked user auth"));
        assertEquals(0, auth.code, auth.out);
        assertTrue(mailRowExists("linked user auth"));
        // the Sent copy belongs to the account's linked user: visible to them, not to others
        assertTrue(api.get("/api/mail?page[size]=100", alice.token()).text().contains("Relayed and signed"));
        assertFalse(api.get("/api/mail?page[size]=100", api.newUser("Stranger").token()).text().contains("Relayed and signed"));
        // a tampered copy fails verification: the check can fail
        Path bad = sinkDir.resolve("tampered.eml");
        Files.writeString(bad, sent.replace("Relayed and signed", "Relayed and changed"));
        Run v2 = run(List.of(PY, resource("dkimcheck.py"), bad.toString(), record.path("name").asText(), record.path("value").asText()));
        assertEquals("FAIL", v2.out.trim(), v2.out);
    }

    @Test
    void authenticatedSubmissionToARemoteAddressIsSignedAndRelayed() throws Exception {
        startSink("ok");
        Run r = run(List.of("swaks", "--server", "127.0.0.1", "--port", "" + mxPort, "--tls", "--auth", "PLAIN",
                "--auth-user", "alice@" + MX, "--auth-password", "alice-password", "--from", "alice@" + MX,
                "--to", "carol@remote.test", "--header", "Subject: submitted for relay"));
        assertEquals(0, r.code, r.out);
        Path got = waitForFile(sinkDir.resolve("1.eml"));
        String sent = Files.readString(got);
        assertTrue(sent.contains("submitted for relay"), sent);
        assertTrue(sent.contains("with ESMTPSA"), sent);
        Resp rec = api.post("/action/mail_server/dkim_record", admin.token(), Json.object().set("attributes", Json.object().put("hostname", MX)));
        JsonNode record = rec.json().get(1).path("Attributes");
        Run v = run(List.of(PY, resource("dkimcheck.py"), got.toString(), record.path("name").asText(), record.path("value").asText()));
        assertEquals("PASS", v.out.trim(), v.out);
        // and the sender may not pose as someone else once authenticated
        Run spoof = run(List.of("swaks", "--server", "127.0.0.1", "--port", "" + mxPort, "--tls", "--auth", "PLAIN",
                "--auth-user", "alice@" + MX, "--auth-password", "alice-password", "--from", "bob@" + MX, "--to", "carol@remote.test"));
        assertTrue(spoof.out.contains(SmtpReplies.SENDER_NOT_OWNED), spoof.out);
    }

    @Test
    void mailSendRefusesHeaderInjectionAndForeignSenders() {
        User u = api.newUser("Injector");
        createAccountFor("inj@" + MX, u.id());
        ObjectNode attrs = Json.object().put("from", "inj@" + MX).put("subject", "hi\r\nBcc: victim@elsewhere.test").put("body", "x");
        attrs.putArray("to").add("friend@remote.test");
        assertEquals(400, api.post("/action/world/mail.send", u.token(), Json.object().set("attributes", attrs)).status());
        ObjectNode foreign = Json.object().put("from", "alice@" + MX).put("subject", "spoof").put("body", "x");
        foreign.putArray("to").add("friend@remote.test");
        assertEquals(403, api.post("/action/world/mail.send", u.token(), Json.object().set("attributes", foreign)).status());
    }

    @Test
    void temporaryRelayFailureIsRetriedAndPermanentFailureBouncesToTheSender() throws Exception {
        startSink("tempfail-once");
        User u = api.newUser("Retrier");
        createAccountFor("retry@" + MX, u.id());
        send(u, "retry@" + MX, "later@remote.test", "retry me");
        Path got = waitForFile(sinkDir.resolve("1.eml"));
        assertTrue(Files.readString(got).contains("retry me"));
        assertEquals(1L, outboxRetries("later@remote.test"));

        startSink("permfail");
        send(u, "retry@" + MX, "gone@remote.test", "doomed message");
        Map<String, Object> bounce = waitForMailRow("Undelivered Mail Returned to Sender");
        String raw = blob((String) bounce.get("mail"));
        assertTrue(raw.contains("gone@remote.test"), raw);
        assertTrue(raw.contains("550 5.1.1"), raw);
    }

    @Test
    void sendImmediatelyAnswersWithTheOutcomeAndSpeaksAsTheChosenMailServer() throws Exception {
        startSink("ok");
        User u = api.newUser("Hurried");
        createAccountFor("hurry@" + MX, u.id());
        ObjectNode attrs = Json.object().put("from", "hurry@" + MX).put("subject", "right now").put("body", "x")
                .put("send_immediately", true).put("mail_server_hostname", SUBMIT);
        attrs.putArray("to").add("friend@remote.test");
        Resp r = api.post("/action/world/mail.send", u.token(), Json.object().set("attributes", attrs));
        assertEquals(200, r.status(), r.text());
        assertTrue(r.text().contains("Delivered to friend@remote.test"), r.text());
        // delivered before the answer, under the chosen server's name
        assertTrue(Files.exists(sinkDir.resolve("1.eml")), "the message was not at the sink when the action answered");
        assertEquals(SUBMIT, Files.readString(sinkDir.resolve("1.helo")));

        startSink("permfail");
        ObjectNode doomed = Json.object().put("from", "hurry@" + MX).put("subject", "refused now").put("body", "x")
                .put("send_immediately", "true");
        doomed.putArray("to").add("gone@remote.test");
        Resp f = api.post("/action/world/mail.send", u.token(), Json.object().set("attributes", doomed));
        assertEquals(200, f.status(), f.text());
        assertTrue(f.text().contains("Delivery to gone@remote.test failed") && f.text().contains("550 5.1.1"), f.text());

        ObjectNode unknown = Json.object().put("from", "hurry@" + MX).put("subject", "x").put("body", "x")
                .put("mail_server_hostname", "nowhere.test");
        unknown.putArray("to").add("friend@remote.test");
        assertEquals(400, api.post("/action/world/mail.send", u.token(), Json.object().set("attributes", unknown)).status());
    }

    @Test
    void mailSendWithoutSendImmediatelyAnswersBeforeDelivering() throws Exception {
        startSink("ok");
        User u = api.newUser("Patient");
        createAccountFor("patient@" + MX, u.id());
        ObjectNode attrs = Json.object().put("from", "patient@" + MX).put("subject", "queued only").put("body", "x");
        attrs.putArray("to").add("friend@remote.test");
        Resp r = api.post("/action/world/mail.send", u.token(), Json.object().set("attributes", attrs));
        assertEquals(200, r.status(), r.text());
        assertFalse(r.text().contains("Delivered to"), r.text());
        assertTrue(r.text().contains("Mail queued"), r.text());
        waitForFile(sinkDir.resolve("1.eml"));
    }

    // ------------------------------------------------------------------ helpers

    private void send(User u, String from, String to, String subject) {
        ObjectNode attrs = Json.object().put("from", from).put("subject", subject).put("body", "body of " + subject);
        attrs.putArray("to").add(to);
        Resp r = api.post("/action/world/mail.send", u.token(), Json.object().set("attributes", attrs));
        assertEquals(200, r.status(), r.text());
    }

    private void startSink(String mode) throws Exception {
        sink.start(mode);
    }

    private List<String> authPlain(String user, String password) throws Exception {
        String token = Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
        try (Socket raw = new Socket("127.0.0.1", tlsPort)) {
            javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) SmtpClient.trustAll().getSocketFactory()
                    .createSocket(raw, "127.0.0.1", tlsPort, true);
            s.setSoTimeout(20_000);
            s.startHandshake();
            return exchange(s, "EHLO x.test", "AUTH PLAIN " + token);
        }
    }

    private List<String> dialog(int port, String... commands) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(20_000);
            return exchange(s, commands);
        }
    }

    /** Sends each command after reading the previous reply (multi-line replies read whole); returns the last line of each reply. */
    private static List<String> exchange(Socket s, String... commands) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        OutputStream out = s.getOutputStream();
        List<String> replies = new ArrayList<>();
        replies.add(readReply(in));
        for (String c : commands) {
            out.write((c + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            String r = readReply(in);
            if (r == null) break;
            replies.add(r);
        }
        return replies;
    }

    private static String readReply(BufferedReader in) throws Exception {
        String l;
        do {
            l = in.readLine();
        } while (l != null && l.length() > 3 && l.charAt(3) == '-');
        return l;
    }

    private void createServer(String host, boolean implicitTls, boolean authRequired) {
        ObjectNode a = Json.object().put("hostname", host).put("is_enabled", true).put("listen_interface", "127.0.0.1:0")
                .put("max_size", 100000).put("max_clients", 100).put("always_on_tls", implicitTls).put("authentication_required", authRequired);
        Resp r = api.post("/api/mail_server", admin.token(), Api.resource("mail_server", a));
        assertEquals(201, r.status(), r.text());
    }

    private void createAccount(String address, String password) {
        Resp r = api.post("/api/mail_account", admin.token(), Api.resource("mail_account",
                Json.object().put("username", address).put("password", password)));
        assertEquals(201, r.status(), r.text());
    }

    private void createAccountFor(String address, String userId) {
        Resp r = api.post("/api/mail_account", admin.token(), Api.resource("mail_account",
                Json.object().put("username", address).put("user_account", userId)));
        assertEquals(201, r.status(), r.text());
    }

    private int waitForPort(String host) throws InterruptedException {
        return SmtpListeners.awaitPort(ts.server(), host);
    }

    private Map<String, Object> mailRow(String subject) throws Exception {
        Map<String, Object> r = findMail(subject);
        if (r == null) fail("no stored mail with subject " + subject);
        return r;
    }

    private Map<String, Object> waitForMailRow(String subject) throws Exception {
        for (int i = 0; i < 300; i++) {
            Map<String, Object> r = findMail(subject);
            if (r != null) return r;
            Thread.sleep(100);
        }
        fail("no stored mail with subject " + subject);
        return null;
    }

    private boolean mailRowExists(String subject) {
        try {
            return findMail(subject) != null;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Object> findMail(String subject) throws Exception {
        return ts.server().database().withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT \"reference_id\", \"mail\", \"mail_box\", \"spam\", \"uid\" FROM \"mail\" WHERE \"subject\" = ?")) {
                ps.setString(1, subject);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) return null;
                    Map<String, Object> m = new HashMap<>();
                    m.put("reference_id", rs.getString(1));
                    m.put("mail", rs.getString(2));
                    m.put("mail_box", rs.getString(3));
                    m.put("spam", rs.getBoolean(4));
                    m.put("uid", rs.getLong(5));
                    return m;
                }
            }
        });
    }

    private long outboxRetries(String to) throws Exception {
        return ts.server().database().withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT \"retry_count\", \"sent\" FROM \"outbox\" WHERE \"to_address\" = ?")) {
                ps.setString(1, to);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertTrue(rs.getBoolean(2), "outbox row not marked sent");
                    return rs.getLong(1);
                }
            }
        });
    }

    private String folderName(String boxId) throws Exception {
        return ts.server().database().withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT \"name\" FROM \"mail_box\" WHERE \"reference_id\" = ?")) {
                ps.setString(1, boxId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
    }

    private String blob(String key) throws Exception {
        return new String(io.switchboard.mail.MailStore.read(ts.server().blobs(), key), StandardCharsets.UTF_8);
    }

    private Path waitForFile(Path p) throws InterruptedException {
        return sink.waitFor(p.getFileName().toString());
    }

    private static String resource(String name) {
        return Path.of("src/test/resources/smtp", name).toAbsolutePath().toString();
    }

    record Run(int code, String out) {
    }

    static Run run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) p.destroyForcibly();
            return new Run(p.exitValue(), out);
        } catch (Exception e) {
            throw new IllegalStateException("cannot run " + cmd + ": " + e, e);
        }
    }

    static void requireTool(String tool, String debianPackage) {
        try {
            Process p = new ProcessBuilder("sh", "-c", "command -v " + tool).start();
            if (p.waitFor() != 0) fail(tool + " is missing: install the Debian package " + debianPackage);
        } catch (Exception e) {
            fail(tool + " is missing: install the Debian package " + debianPackage);
        }
    }

    static void requirePython(String module, String debianPackage) {
        Run r = run(List.of(PY, "-c", "import " + module));
        if (r.code != 0) fail("Python module " + module + " is missing for " + PY + ": install the Debian package " + debianPackage);
    }
}

package io.switchboard.imap;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.Json;
import io.switchboard.smtp.SmtpModule;
import io.switchboard.support.Api;
import io.switchboard.support.ProcessRunner;
import io.switchboard.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** IMAP over real sockets with Python's imaplib (Debian python3), SMTP deliveries with smtplib. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImaplibInteropTest {
    private static final String DOMAIN = "imap.test";

    private TestServer ts;
    private int imapPort;
    private int imapsPort;
    private int smtpPort;
    private Path work;

    /** The database under test; the PostgreSQL suite overrides it. */
    protected TestServer.Db db() {
        return TestServer.Db.H2;
    }

    @BeforeAll
    void start() throws Exception {
        ImapTestSupport.requirePython();
        work = Files.createTempDirectory("imap-py-");
        ts = new TestServer(db(), Map.of("imap.enabled", "true", "imap.port", "0", "imaps.port", "0",
                "imap.auth.require_tls", "false", "smtp.enable", "true", "smtp.listen.override", "127.0.0.1:0",
                "http.bind", "127.0.0.1"));
        Api api = ts.api();
        Api.User admin = api.newUser("Admin");
        assertEquals(200, api.post("/action/world/become_an_administrator", admin.token(), "{}").status());
        ObjectNode srv = Json.object().put("hostname", DOMAIN).put("is_enabled", true).put("listen_interface", "127.0.0.1:0")
                .put("always_on_tls", false).put("authentication_required", false);
        assertEquals(201, api.post("/api/mail_server", admin.token(), Api.resource("mail_server", srv)).status());
        for (String u : new String[]{"alice", "bob", "carol", "dave", "erin", "gina", "henry"}) {
            var r = api.post("/api/mail_account", admin.token(), Api.resource("mail_account",
                    Json.object().put("username", u + "@" + DOMAIN).put("password", u + "-password")));
            assertEquals(201, r.status(), r.text());
        }
        for (int i = 0; i < 200 && (imapPort <= 0 || smtpPort <= 0); i++) {
            ImapModule m = ImapModule.of(ts.server());
            imapPort = m == null ? -1 : m.port(0);
            imapsPort = m == null ? -1 : m.port(1);
            smtpPort = SmtpModule.of(ts.server()).port(DOMAIN);
            if (imapPort <= 0 || smtpPort <= 0) Thread.sleep(50);
        }
        assertTrue(imapPort > 0 && imapsPort > 0 && smtpPort > 0, "listeners did not start");
    }

    @AfterAll
    void stop() throws Exception {
        if (ts != null) ts.close();
    }

    private String py(String body) throws Exception {
        String prelude = """
                import imaplib, smtplib, ssl, socket, sys, time, re, email.utils
                PORT = %d
                SPORT = %d
                SMTP = %d
                def check(cond, what):
                    if not cond:
                        print("FAILED: " + what); sys.exit(3)
                """.formatted(imapPort, imapsPort, smtpPort);
        return ImapTestSupport.runScript(work, 60, prelude + body).stdout();
    }

    @Test
    void imaplibLogsInAppendsSelectsFetchesSearchesStoresAndExpunges() throws Exception {
        py("""
                M = imaplib.IMAP4("127.0.0.1", PORT)
                typ, caps = M.capability()
                check(b"IMAP4rev1" in caps[0] and b"IDLE" in caps[0], "capabilities %r" % caps)
                check(M.login("alice@imap.test", "alice-password")[0] == "OK", "login")
                msg1 = b"From: Carol <carol@example.org>\\r\\nTo: alice@imap.test\\r\\nSubject: first hello\\r\\nMessage-ID: <m1@x>\\r\\n\\r\\nbody with banana\\r\\n"
                msg2 = (b"From: dave@example.org\\r\\nTo: alice@imap.test\\r\\nSubject: with attachment\\r\\nMIME-Version: 1.0\\r\\n"
                        b"Content-Type: multipart/mixed; boundary=XX\\r\\n\\r\\n--XX\\r\\nContent-Type: text/plain; charset=utf-8\\r\\n\\r\\nplain part\\r\\n"
                        b"--XX\\r\\nContent-Type: application/pdf; name=a.pdf\\r\\nContent-Disposition: attachment; filename=a.pdf\\r\\n"
                        b"Content-Transfer-Encoding: base64\\r\\n\\r\\nJVBERi0=\\r\\n--XX--\\r\\n")
                typ, data = M.append("INBOX", "(\\\\Flagged)", imaplib.Time2Internaldate(time.time()), msg1)
                check(typ == "OK" and b"APPENDUID" in data[0], "append1 %r" % data)
                typ, data = M.append("INBOX", None, None, msg2)
                check(typ == "OK", "append2")
                typ, data = M.select("INBOX")
                check(typ == "OK" and data[0] == b"2", "select %r" % data)
                check(M.response("UIDVALIDITY")[1][0] is not None, "uidvalidity")
                typ, data = M.fetch("1", "(FLAGS RFC822.SIZE ENVELOPE)")
                s = data[0] if isinstance(data[0], bytes) else data[0][0]
                check(b"\\\\Flagged" in s and b"RFC822.SIZE %d" % len(msg1) in s, "fetch flags %r" % data)
                check(b'"first hello"' in s and b'"carol" NIL "carol" "example.org"' not in s and b'("Carol" NIL "carol" "example.org")' in s, "envelope %r" % s)
                typ, data = M.fetch("1", "(BODY.PEEK[])")
                check(data[0][1] == msg1, "body.peek %r" % data)
                typ, data = M.fetch("1", "(FLAGS)")
                check(b"\\\\Seen" not in data[0], "peek must not set seen %r" % data)
                typ, data = M.fetch("2", "(BODYSTRUCTURE)")
                bs = data[0]
                check(b'("TEXT" "PLAIN" ("CHARSET" "utf-8")' in bs and b'"APPLICATION" "PDF"' in bs and b'"MIXED"' in bs
                      and b'("ATTACHMENT" ("FILENAME" "a.pdf"))' in bs, "bodystructure %r" % bs)
                typ, data = M.fetch("2", "(BODY.PEEK[1] BODY.PEEK[2.MIME] BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
                check(data[0][1] == b"plain part", "part 1 %r" % data)
                check(b"attachment" in data[1][1], "part 2 mime %r" % data)
                check(data[2][1] == b"Subject: with attachment\\r\\n\\r\\n", "header fields %r" % data)
                typ, data = M.fetch("2", "(BINARY.PEEK[2] BINARY.SIZE[2])")
                check(data[0][1] == b"%PDF-" and b"BINARY.SIZE[2] 5" in data[1], "binary %r" % data)
                typ, data = M.fetch("1", "(BODY[TEXT]<5.4>)")
                check(data[0][1] == b"with", "partial %r" % data)
                typ, data = M.search(None, "TEXT", "banana")
                check(data[0] == b"1", "search text %r" % data)
                typ, data = M.search(None, "UNSEEN")
                check(data[0] == b"2", "search unseen after BODY[] fetch %r" % data)
                typ, data = M.search(None, "FROM", "dave", "LARGER", "100")
                check(data[0] == b"2", "search from/larger %r" % data)
                typ, data = M.uid("SEARCH", "FLAGGED")
                uid1 = data[0]
                check(len(uid1) > 0, "uid search")
                typ, data = M.uid("FETCH", uid1, "(FLAGS)")
                check(b"UID " + uid1 in data[0], "uid fetch %r" % data)
                typ, data = M.store("2", "+FLAGS", "(\\\\Deleted $Junk)")
                check(typ == "OK" and b"\\\\Deleted" in data[0] and b"$Junk" in data[0], "store %r" % data)
                typ, data = M.expunge()
                check(typ == "OK" and data == [b"2"], "expunge %r" % data)
                typ, data = M.search(None, "ALL")
                check(data[0] == b"1", "after expunge %r" % data)
                M.close(); M.logout()
                # durable: a new session sees the flags and the expunge
                M = imaplib.IMAP4("127.0.0.1", PORT)
                M.login("alice@imap.test", "alice-password")
                typ, data = M.status("INBOX", "(MESSAGES UNSEEN UIDNEXT)")
                check(b"MESSAGES 1" in data[0] and b"UNSEEN 0" in data[0] and b"UIDNEXT 3" in data[0], "status %r" % data)
                typ, data = M.list()
                names = b" ".join(data)
                check(b'"INBOX"' in names and b"\\\\Sent" in names and b"\\\\Trash" in names, "list %r" % data)
                M.logout()
                print("ALL GOOD")
                """);
    }

    @Test
    void loginWorksOverImplicitTlsAndStartTlsAndAuthenticatePlain() throws Exception {
        py("""
                ctx = ssl._create_unverified_context()
                M = imaplib.IMAP4_SSL("127.0.0.1", SPORT, ssl_context=ctx)
                check(M.login("bob@imap.test", "bob-password")[0] == "OK", "login over TLS")
                check(M.select("INBOX")[0] == "OK", "select")
                M.logout()
                M = imaplib.IMAP4("127.0.0.1", PORT)
                check(b"STARTTLS" in M.capability()[1][0], "starttls advertised")
                M.starttls(ssl_context=ctx)
                check(b"STARTTLS" not in M.capability()[1][0], "no starttls after tls")
                typ, data = M.authenticate("PLAIN", lambda _: b"\\0bob@imap.test\\0bob-password")
                check(typ == "OK", "authenticate plain %r" % data)
                M.logout()
                M = imaplib.IMAP4("127.0.0.1", PORT)
                try:
                    M.login("bob@imap.test", "wrong")
                    check(False, "wrong password accepted")
                except imaplib.IMAP4.error as e:
                    check("AUTHENTICATIONFAILED" in str(e), "failure text %s" % e)
                print("ALL GOOD")
                """);
    }

    @Test
    void copyAndMoveReportUidPlusCodesAndMoveRemovesTheSource() throws Exception {
        py("""
                M = imaplib.IMAP4("127.0.0.1", PORT)
                M.login("carol@imap.test", "carol-password")
                for i in range(3):
                    M.append("INBOX", None, None, b"Subject: m%d\\r\\n\\r\\nbody %d\\r\\n" % (i, i))
                check(M.create("Work")[0] == "OK", "create")
                check(M.create("Work")[0] == "NO", "create twice")
                M.select("INBOX")
                typ, data = M.copy("1:2", "Work")
                check(typ == "OK" and b"COPYUID" in data[0], "copy %r" % data)
                typ, data = M.uid("MOVE", "3", "Archive-missing")
                check(typ == "NO" and b"TRYCREATE" in data[0], "move to missing %r" % data)
                typ, data = M._simple_command("MOVE", "3", "Work")
                check(typ == "OK", "move %r" % data)
                check(M.untagged_responses.get("EXPUNGE") == [b"3"], "move expunge %r" % M.untagged_responses)
                typ, data = M.status("Work", "(MESSAGES)")
                check(b"MESSAGES 3" in data[0], "status Work %r" % data)
                typ, data = M.search(None, "ALL")
                check(data[0] == b"1 2", "source after move %r" % data)
                check(M.rename("Work", "Projects")[0] == "OK", "rename")
                check(M.select("Projects")[0] == "OK", "select renamed")
                typ, data = M.fetch("3", "(BODY[HEADER.FIELDS (SUBJECT)])")
                check(b"Subject: m2" in data[0][1], "moved content %r" % data)
                M.close()
                check(M.delete("Projects")[0] == "OK", "delete")
                check(M.delete("INBOX")[0] == "NO", "inbox protected")
                M.logout()
                print("ALL GOOD")
                """);
    }

    @Test
    void idleSessionIsToldAtOnceAboutSmtpDeliveryAndAnotherSessionsChanges() throws Exception {
        py("""
                A = imaplib.IMAP4("127.0.0.1", PORT)
                A.login("dave@imap.test", "dave-password")
                A.append("INBOX", None, None, b"Subject: old\\r\\n\\r\\nold\\r\\n")
                A.select("INBOX")
                B = imaplib.IMAP4("127.0.0.1", PORT)
                B.login("dave@imap.test", "dave-password")
                B.select("INBOX")
                tag = A._new_tag()
                A.send(tag + b" IDLE\\r\\n")
                check(A.readline().startswith(b"+"), "idle continuation")
                s = smtplib.SMTP("127.0.0.1", SMTP)
                s.sendmail("x@example.org", ["dave@imap.test"], (b"From: Xavier <x@example.org>\\r\\nTo: dave@imap.test\\r\\nSubject: pushed\\r\\n"
                    b"Date: " + email.utils.formatdate().encode() + b"\\r\\nMessage-ID: <pushed@example.org>\\r\\n\\r\\nnew mail\\r\\n"))
                s.quit()
                A.sock.settimeout(30)
                line = A.readline()
                check(line.strip() == b"* 2 EXISTS", "pushed exists %r" % line)
                B.store("1", "+FLAGS", "(\\\\Seen)")
                line = A.readline()
                check(line.startswith(b"* 1 FETCH") and b"\\\\Seen" in line, "pushed flags %r" % line)
                A.send(b"DONE\\r\\n")
                line = A.readline()
                check(line.startswith(tag + b" OK"), "idle done %r" % line)
                typ, data = B.noop()
                check(B.untagged_responses.get("EXISTS", [None])[-1] == b"2", "other session sees delivery %r" % B.untagged_responses)
                A.store("1", "+FLAGS", "(\\\\Deleted)")
                A.expunge()
                B.noop()
                check(B.untagged_responses.get("EXPUNGE") == [b"1"], "other session sees expunge %r" % B.untagged_responses)
                typ, data = B.fetch("1", "(BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
                check(b"pushed" in data[0][1], "sequence numbers shifted %r" % data)
                A.logout(); B.logout()
                print("ALL GOOD")
                """);
    }

    @Test
    void imapflowAppendsFetchesSearchesCopiesMovesAndIsPushedASwaksDeliveryWhileIdling() throws Exception {
        ProcessRunner.require("swaks", "swaks");
        Path dir = ProcessRunner.requireNodeModule("imap", "imapflow");
        ProcessRunner.Result r = ProcessRunner.run(dir, 60, "node", "flow.js", Integer.toString(imapPort), "gina@" + DOMAIN, "gina-password",
                Integer.toString(smtpPort));
        assertEquals(0, r.exit(), "imapflow failed:\n" + r.stdout() + "\n" + r.stderr());
        assertTrue(r.stdout().contains("ALL GOOD"), r.stdout() + r.stderr());
    }

    @Test
    void concurrentSessionsAddingDifferentFlagsKeepBoth() throws Exception {
        py("""
                import threading
                M = imaplib.IMAP4("127.0.0.1", PORT)
                M.login("henry@imap.test", "henry-password")
                for i in range(10):
                    M.append("INBOX", None, None, b"Subject: f%d\\r\\n\\r\\nx\\r\\n" % i)
                M.logout()
                errors = []
                def worker(flag):
                    try:
                        C = imaplib.IMAP4("127.0.0.1", PORT)
                        C.login("henry@imap.test", "henry-password")
                        C.select("INBOX")
                        for n in range(1, 11):
                            C.store(str(n), "+FLAGS", "(%s)" % flag)
                        C.logout()
                    except Exception as e:
                        errors.append(repr(e))
                ts = [threading.Thread(target=worker, args=(f,)) for f in ("$one", "$two", "$three")]
                for t in ts: t.start()
                for t in ts: t.join(60)
                check(not errors, "workers %r" % errors)
                M = imaplib.IMAP4("127.0.0.1", PORT)
                M.login("henry@imap.test", "henry-password")
                M.select("INBOX")
                typ, data = M.search(None, "KEYWORD", "$one", "KEYWORD", "$two", "KEYWORD", "$three")
                check(data[0] == b" ".join(str(n).encode() for n in range(1, 11)), "all three flags on all %r" % data)
                M.logout()
                print("ALL GOOD")
                """);
    }

    @Test
    void malformedCommandsGetTaggedBadOrNoAndTheSessionContinues() throws Exception {
        py("""
                s = socket.create_connection(("127.0.0.1", PORT))
                f = s.makefile("rb")
                def cmd(line, expect):
                    s.sendall(line)
                    while True:
                        r = f.readline()
                        if not r.startswith(b"*"):
                            break
                    check(r.startswith(expect), "%r -> %r (want %r)" % (line, r, expect))
                    return r
                check(f.readline().startswith(b"* OK"), "greeting")
                cmd(b"a1 SELECT INBOX\\r\\n", b"a1 BAD")
                cmd(b"a2 FOO\\r\\n", b"a2 BAD")
                s.sendall(b"\\r\\n")
                r = f.readline()
                check(r.startswith(b"* BAD"), "empty line %r" % r)
                cmd(b"a3 LOGIN (alice@imap.test alice-password\\r\\n", b"a3 BAD")
                cmd(b"a4 APPEND INBOX {104857600}\\r\\n", b"a4 NO [TOOBIG]")
                cmd(b"a5 LOGIN erin@imap.test erin-password\\r\\n", b"a5 OK")
                cmd(b"a6 SELECT INBOX\\r\\n", b"a6 OK")
                cmd(b"a7 FETCH 1:x FLAGS\\r\\n", b"a7 BAD")
                cmd(b"a8 FETCH 0 FLAGS\\r\\n", b"a8 BAD")
                cmd(b"a9 FETCH 1 (FLAGS\\r\\n", b"a9 BAD")
                cmd(b"b1 CREATE &ZeVnLIqe-\\r\\n", b"b1 OK")
                cmd(b"b2 CREATE &Jjo!\\r\\n", b"b2 BAD")
                cmd(b"b3 LIST \\"\\" *\\r\\n", b"b3 OK")
                cmd(b"b4 APPEND INBOX {+5}\\r\\n", b"b4 BAD")
                s.sendall(b"b5 APPEND INBOX {12+}\\r\\nSubject: x\\r\\n\\r\\n")
                r = f.readline()
                check(r == b"* 1 EXISTS\\r\\n", "selected folder grows %r" % r)
                r = f.readline()
                check(r.startswith(b"b5 OK [APPENDUID"), "literal+ append %r" % r)
                cmd(b"b6 NOOP\\r\\n", b"b6 OK")
                cmd(b"b7 LOGOUT\\r\\n", b"b7 OK")
                print("ALL GOOD")
                """);
    }
}

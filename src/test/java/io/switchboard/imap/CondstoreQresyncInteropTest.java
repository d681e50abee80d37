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

/**
 * CONDSTORE and QRESYNC (RFC 7162) over real sockets: Python imaplib speaking the raw commands, and
 * npm imapflow with {@code qresync: true}; mod-sequences and expunge history across a restart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CondstoreQresyncInteropTest {
    private static final String DOMAIN = "modseq.test";

    private TestServer ts;
    private Path work;
    private String adminToken;

    /** The database under test; the PostgreSQL suite overrides it. */
    protected TestServer.Db db() {
        return TestServer.Db.H2;
    }

    @BeforeAll
    void start() throws Exception {
        ImapTestSupport.requirePython();
        work = Files.createTempDirectory("imap-modseq-");
        ts = new TestServer(db(), Map.of("imap.enabled", "true", "imap.port", "0", "imaps.port", "0",
                "imap.auth.require_tls", "false", "smtp.enable", "true", "smtp.listen.override", "127.0.0.1:0",
                "http.bind", "127.0.0.1"));
        Api api = ts.api();
        Api.User admin = api.newUser("Admin");
        assertEquals(200, api.post("/action/world/become_an_administrator", admin.token(), "{}").status());
        adminToken = admin.token();
        ObjectNode srv = Json.object().put("hostname", DOMAIN).put("is_enabled", true).put("listen_interface", "127.0.0.1:0")
                .put("always_on_tls", false).put("authentication_required", false);
        assertEquals(201, api.post("/api/mail_server", admin.token(), Api.resource("mail_server", srv)).status());
        for (String u : new String[]{"cora", "quinn", "flo", "rita", "ana"}) {
            var r = api.post("/api/mail_account", admin.token(), Api.resource("mail_account",
                    Json.object().put("username", u + "@" + DOMAIN).put("password", u + "-password")));
            assertEquals(201, r.status(), r.text());
        }
    }

    @AfterAll
    void stop() throws Exception {
        if (ts != null) ts.close();
    }

    private int imapPort() throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            ImapModule m = ImapModule.of(ts.server());
            int p = m == null ? -1 : m.port(0);
            if (p > 0) return p;
            Thread.sleep(25);
        }
        throw new AssertionError("IMAP listener did not start");
    }

    private int smtpPort() throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            int p = SmtpModule.of(ts.server()).port(DOMAIN);
            if (p > 0) return p;
            Thread.sleep(25);
        }
        throw new AssertionError("SMTP listener did not start");
    }

    private String py(String body) throws Exception {
        String prelude = """
                import imaplib, smtplib, sys, re, email.utils
                PORT = %d
                SMTP = %d
                def check(cond, what):
                    if not cond:
                        print("FAILED: " + what); sys.exit(3)
                def num(pattern, data):
                    m = re.search(pattern, data if isinstance(data, bytes) else b" ".join(x if isinstance(x, bytes) else x[0] for x in data))
                    check(m is not None, "no %%r in %%r" %% (pattern, data))
                    return int(m.group(1))
                def fetches(M):
                    out = M.untagged_responses.pop("FETCH", [])
                    return [x if isinstance(x, bytes) else x[0] for x in out]
                def cmd(M, *args):
                    try:
                        return M._simple_command(*args)
                    except imaplib.IMAP4.error as e:
                        # imaplib raises on a tagged BAD
                        return ("BAD" if " BAD " in str(e) or "BAD" in str(e) else "ERROR"), [str(e)]
                def select(M, *args):
                    for k in ("HIGHESTMODSEQ", "VANISHED", "FETCH", "CLOSED", "EXISTS"):
                        M.untagged_responses.pop(k, None)
                    typ, data = M._simple_command("SELECT", *args)
                    if typ == "OK":
                        M.state = "SELECTED"
                    return typ, data
                """.formatted(imapPort(), smtpPort());
        return ImapTestSupport.runScript(work, 60, prelude + body).stdout();
    }

    @Test
    void condstoreGivesModseqsConditionalStoreChangedSinceAndSearchModseq() throws Exception {
        py("""
                M = imaplib.IMAP4("127.0.0.1", PORT)
                caps = M.capability()[1][0]
                check(b"CONDSTORE" in caps and b"QRESYNC" in caps, "capabilities %r" % caps)
                M.login("cora@modseq.test", "cora-password")
                for i in range(4):
                    M.append("INBOX", None, None, b"Subject: c%d\\r\\n\\r\\nbody %d\\r\\n" % (i, i))
                typ, data = M.status("INBOX", "(MESSAGES HIGHESTMODSEQ)")
                h0 = num(rb"HIGHESTMODSEQ (\\d+)", data[0])
                check(b"MESSAGES 4" in data[0] and h0 > 1, "status %r" % data)
                typ, data = select(M, "INBOX", "(CONDSTORE)")
                check(typ == "OK", "select condstore %r" % data)
                check(int(M.untagged_responses["HIGHESTMODSEQ"][-1]) == h0, "select highestmodseq %r" % M.untagged_responses)
                typ, data = M.fetch("1:*", "(UID MODSEQ)")
                mods = [num(rb"MODSEQ \\((\\d+)\\)", d) for d in data]
                check(len(set(mods)) == 4 and mods == sorted(mods) and mods[-1] == h0, "one new modseq per append %r" % data)
                # a conditional STORE that nobody raced succeeds and reports the new MODSEQ
                typ, data = cmd(M, "STORE", "1", "(UNCHANGEDSINCE %d)" % mods[0], "+FLAGS", "(\\\\Flagged)")
                check(typ == "OK" and b"MODIFIED" not in data[0], "conditional store %r" % data)
                f = fetches(M)
                m1 = num(rb"MODSEQ \\((\\d+)\\)", f[0])
                check(len(f) == 1 and b"\\\\Flagged" in f[0] and m1 > h0, "store fetch %r" % f)
                # UNCHANGEDSINCE h0: message 1 changed since (refused, [MODIFIED 1]); 2 and 3 did not
                typ, data = cmd(M, "STORE", "1:3", "(UNCHANGEDSINCE %d)" % h0, "+FLAGS", "(\\\\Seen)")
                check(typ == "OK" and data[0].startswith(b"[MODIFIED 1]"), "modified %r" % data)
                f = fetches(M)
                check(len(f) == 2 and all(b"\\\\Seen" in x for x in f) and not any(x.startswith(b"1 ") for x in f), "stored ones %r" % f)
                typ, data = M.fetch("1", "(FLAGS)")
                check(b"\\\\Seen" not in data[0], "refused message untouched %r" % data)
                # UID STORE answers MODIFIED with UIDs; UNCHANGEDSINCE 0 refuses every message
                typ, data = cmd(M, "UID", "STORE", "1:*", "(UNCHANGEDSINCE 0)", "FLAGS", "(\\\\Draft)")
                check(typ == "OK" and data[0].startswith(b"[MODIFIED 1:4]"), "uid modified %r" % data)
                # CHANGEDSINCE: only what changed after h0, with its MODSEQ
                typ, data = cmd(M, "FETCH", "1:*", "(FLAGS)", "(CHANGEDSINCE %d)" % h0)
                f = fetches(M)
                check(typ == "OK" and len(f) == 3 and all(b"MODSEQ (" in x for x in f)
                      and [x.split(b" ")[0] for x in f] == [b"1", b"2", b"3"], "changedsince %r" % f)
                typ, data = cmd(M, "UID", "FETCH", "1:*", "(FLAGS)", "(CHANGEDSINCE %d)" % m1)
                f = fetches(M)
                check(len(f) == 2 and all(b"\\\\Seen" in x for x in f), "changedsince after m1 %r" % f)
                # SEARCH MODSEQ, with the highest mod-sequence of the matches
                typ, data = M.search(None, "MODSEQ", str(m1 + 1))
                check(re.fullmatch(rb"2 3 \\(MODSEQ (\\d+)\\)", data[0]) is not None, "search modseq %r" % data)
                hs = num(rb"MODSEQ (\\d+)", data[0])
                typ, data = M.search(None, "MODSEQ", '"/flags/$work"', "all", str(hs + 1))
                check(data[0] == b"", "nothing newer %r" % data)
                # a delivery over SMTP takes a new mod-sequence too
                s = smtplib.SMTP("127.0.0.1", SMTP)
                s.sendmail("x@example.org", ["cora@modseq.test"], (b"From: Xavier <x@example.org>\\r\\nTo: cora@modseq.test\\r\\nSubject: smtp\\r\\n"
                    b"Date: " + email.utils.formatdate().encode() + b"\\r\\nMessage-ID: <modseq@example.org>\\r\\n\\r\\ndelivered\\r\\n"))
                s.quit()
                M.noop()
                typ, data = cmd(M, "FETCH", "5", "(MODSEQ)")
                f = fetches(M)
                check(len(f) == 1, "fetch of the delivered message %r %r %r" % (typ, data, M.untagged_responses))
                check(num(rb"MODSEQ \\((\\d+)\\)", f[0]) > hs, "delivered modseq %r" % f)
                typ, data = M.status("INBOX", "(HIGHESTMODSEQ)")
                check(num(rb"HIGHESTMODSEQ (\\d+)", data[0]) == num(rb"MODSEQ \\((\\d+)\\)", f[0]), "status after delivery %r" % data)
                # malformed CONDSTORE input gets BAD and the session goes on
                check(cmd(M, "FETCH", "1", "(FLAGS)", "(CHANGEDSINCE x)")[0] == "BAD", "bad changedsince")
                check(cmd(M, "FETCH", "1", "(FLAGS)", "(CHANGEDSINCE 1 VANISHED)")[0] == "BAD", "vanished without uid/qresync")
                check(cmd(M, "STORE", "1", "(UNCHANGEDSINCE)", "+FLAGS", "(\\\\Seen)")[0] == "BAD", "bad unchangedsince")
                check(cmd(M, "SELECT", "INBOX", "(QRESYNC (1 1))")[0] == "BAD", "qresync without enable")
                check(M.noop()[0] == "OK", "session continues")
                M.logout()
                print("ALL GOOD")
                """);
    }

    @Test
    void qresyncReportsVanishedEarlierAndChangedFlagsOnSelectAndVanishedOnExpunge() throws Exception {
        py("""
                A = imaplib.IMAP4("127.0.0.1", PORT)
                A.login("quinn@modseq.test", "quinn-password")
                for i in range(5):
                    A.append("INBOX", None, None, b"Subject: q%d\\r\\n\\r\\nbody %d\\r\\n" % (i, i))
                typ, data = A.enable("QRESYNC")
                en = A.untagged_responses.get("ENABLED", [b""])[-1]
                check(typ == "OK" and b"CONDSTORE" in en and b"QRESYNC" in en, "enable %r" % en)
                typ, data = select(A, "INBOX")
                uv = int(A.untagged_responses["UIDVALIDITY"][-1])
                h1 = int(A.untagged_responses["HIGHESTMODSEQ"][-1])
                typ, data = select(A, "INBOX", "(QRESYNC (%d %d))" % (uv, h1))
                check(typ == "OK" and "CLOSED" in A.untagged_responses, "reselect marks CLOSED %r" % A.untagged_responses)
                check("VANISHED" not in A.untagged_responses and "FETCH" not in A.untagged_responses, "nothing changed yet")
                A.close()
                # another session expunges UID 2 and flags UID 4
                B = imaplib.IMAP4("127.0.0.1", PORT)
                B.login("quinn@modseq.test", "quinn-password")
                B.select("INBOX")
                B.uid("STORE", "2", "+FLAGS", "(\\\\Deleted)")
                B.expunge()
                B.uid("STORE", "4", "+FLAGS", "($Work)")
                typ, data = select(A, "INBOX", "(QRESYNC (%d %d 1:5))" % (uv, h1))
                check(typ == "OK", "qresync select %r" % data)
                check(A.untagged_responses.get("VANISHED") == [b"(EARLIER) 2"], "vanished earlier %r" % A.untagged_responses)
                f = fetches(A)
                check(len(f) == 1 and b"UID 4" in f[0] and b"$Work" in f[0] and b"MODSEQ (" in f[0], "changed flags %r" % f)
                # known-uids limits the answer; a stale UIDVALIDITY gets no resync data
                typ, data = select(A, "INBOX", "(QRESYNC (%d %d 3:5))" % (uv, h1))
                check("VANISHED" not in A.untagged_responses and len(fetches(A)) == 1, "known uids %r" % A.untagged_responses)
                typ, data = select(A, "INBOX", "(QRESYNC (%d %d))" % (uv + 1, h1))
                check("VANISHED" not in A.untagged_responses and len(fetches(A)) == 0, "uidvalidity mismatch")
                # UID FETCH ... (CHANGEDSINCE n VANISHED)
                typ, data = cmd(A, "UID", "FETCH", "1:*", "(FLAGS)", "(CHANGEDSINCE %d VANISHED)" % h1)
                check(typ == "OK" and A.untagged_responses.pop("VANISHED", None) == [b"(EARLIER) 2"], "fetch vanished %r" % A.untagged_responses)
                f = fetches(A)
                check(len(f) == 1 and b"UID 4" in f[0], "fetch changedsince %r" % f)
                # with QRESYNC on, expunges are told as VANISHED, also another session's
                B.uid("STORE", "1", "+FLAGS", "(\\\\Deleted)")
                B.expunge()
                A.noop()
                check(A.untagged_responses.pop("VANISHED", None) == [b"1"], "pushed vanished %r" % A.untagged_responses)
                check("EXPUNGE" not in A.untagged_responses, "no EXPUNGE under QRESYNC")
                A.uid("STORE", "3,5", "+FLAGS", "(\\\\Deleted)")
                typ, data = A.expunge()
                check(A.untagged_responses.pop("VANISHED", None) == [b"3,5"], "own expunge as vanished %r" % A.untagged_responses)
                typ, data = A.status("INBOX", "(MESSAGES)")
                check(b"MESSAGES 1" in data[0], "one left %r" % data)
                A.logout(); B.logout()
                print("ALL GOOD")
                """);
    }

    @Test
    void imapflowWithQresyncResynchronisesAMailboxAfterAnotherClientChangedIt() throws Exception {
        Path dir = ProcessRunner.requireNodeModule("imap", "imapflow");
        ProcessRunner.Result r = ProcessRunner.run(dir, 60, "node", "qresync.js", Integer.toString(imapPort()), "flo@" + DOMAIN, "flo-password");
        assertEquals(0, r.exit(), "imapflow failed:\n" + r.stdout() + "\n" + r.stderr());
        assertTrue(r.stdout().contains("ALL GOOD"), r.stdout() + r.stderr());
    }

    @Test
    void modseqsAndExpungeHistorySurviveARestart() throws Exception {
        String before = py("""
                M = imaplib.IMAP4("127.0.0.1", PORT)
                M.login("rita@modseq.test", "rita-password")
                for i in range(3):
                    M.append("INBOX", None, None, b"Subject: r%d\\r\\n\\r\\nbody\\r\\n" % i)
                M.enable("QRESYNC")
                select(M, "INBOX")
                h = int(M.untagged_responses["HIGHESTMODSEQ"][-1])
                M.uid("STORE", "1", "+FLAGS", "(\\\\Deleted)")
                M.expunge()
                M.uid("STORE", "3", "+FLAGS", "(\\\\Answered)")
                typ, data = M.status("INBOX", "(HIGHESTMODSEQ UIDVALIDITY)")
                print("BEFORE %d %s" % (h, data[0].decode()))
                M.logout()
                print("ALL GOOD")
                """);
        ts.restart();
        String line = before.lines().filter(l -> l.startsWith("BEFORE ")).findFirst().orElseThrow();
        String[] parts = line.split(" ", 3);
        String after = py("""
                M = imaplib.IMAP4("127.0.0.1", PORT)
                M.login("rita@modseq.test", "rita-password")
                typ, data = M.status("INBOX", "(HIGHESTMODSEQ UIDVALIDITY)")
                check(data[0].decode() == %s, "status after restart %%r" %% data)
                uv = num(rb"UIDVALIDITY (\\d+)", data[0])
                M.enable("QRESYNC")
                typ, data = select(M, "INBOX", "(QRESYNC (%%d %s))" %% uv)
                check(M.untagged_responses.get("VANISHED") == [b"(EARLIER) 1"], "expunge remembered %%r" %% M.untagged_responses)
                f = fetches(M)
                check(len(f) == 1 and b"UID 3" in f[0] and b"\\\\Answered" in f[0], "flag change remembered %%r" %% f)
                old = num(rb"HIGHESTMODSEQ (\\d+)", %s.encode())
                M.uid("STORE", "2", "+FLAGS", "(\\\\Seen)")
                typ, data = M.status("INBOX", "(HIGHESTMODSEQ)")
                check(num(rb"HIGHESTMODSEQ (\\d+)", data[0]) > old, "keeps growing after restart %%r" %% data)
                M.logout()
                print("ALL GOOD")
                """.formatted(pyString(parts[2]), parts[1], pyString(parts[2])));
        assertTrue(after.contains("ALL GOOD"));
    }

    @Test
    void changesThroughTheJsonApiTakeModseqsAndReachSelectedSessions() throws Exception {
        py("""
                import json, time, urllib.request
                BASE = %s
                TOKEN = %s
                def http(method, path, body=None):
                    req = urllib.request.Request(BASE + path, method=method, data=json.dumps(body).encode() if body is not None else None,
                                                 headers={"Authorization": "Bearer " + TOKEN, "Content-Type": "application/vnd.api+json"})
                    with urllib.request.urlopen(req) as r:
                        raw = r.read()
                        return r.status, (json.loads(raw) if raw else None)
                def mail_id(subject):
                    st, doc = http("GET", "/api/mail?filter%%5Bsubject%%5D=" + subject)
                    check(st == 200 and len(doc["data"]) == 1, "find %%s: %%r" %% (subject, doc))
                    return doc["data"][0]["id"]
                def wait_for(M, key, pred, what):
                    for _ in range(200):
                        M.noop()
                        got = M.untagged_responses.get(key, [])
                        if any(pred(x if isinstance(x, bytes) else x[0]) for x in got):
                            return
                        time.sleep(0.05)
                    check(False, "%%s: %%r" %% (what, M.untagged_responses))
                A = imaplib.IMAP4("127.0.0.1", PORT)
                A.login("ana@modseq.test", "ana-password")
                A.append("INBOX", None, None, b"Subject: apione\\r\\n\\r\\none\\r\\n")
                A.append("INBOX", None, None, b"Subject: apitwo\\r\\n\\r\\ntwo\\r\\n")
                A.enable("QRESYNC")
                select(A, "INBOX")
                h = int(A.untagged_responses["HIGHESTMODSEQ"][-1])
                one = mail_id("apione")
                st, _ = http("PATCH", "/api/mail/" + one, {"data": {"type": "mail", "id": one, "attributes": {"seen": True}}})
                check(st == 200, "patch %%r" %% st)
                wait_for(A, "FETCH", lambda x: b"UID 1 " in x and b"\\\\Seen" in x and int(re.search(rb"MODSEQ \\((\\d+)\\)", x).group(1)) > h,
                         "API flag change told with a new MODSEQ")
                two = mail_id("apitwo")
                st, _ = http("DELETE", "/api/mail/" + two)
                check(st in (200, 204), "delete %%r" %% st)
                wait_for(A, "VANISHED", lambda x: x == b"2", "API delete told as VANISHED")
                A.logout()
                B = imaplib.IMAP4("127.0.0.1", PORT)
                B.login("ana@modseq.test", "ana-password")
                B.enable("QRESYNC")
                uv = num(rb"UIDVALIDITY (\\d+)", B.status("INBOX", "(UIDVALIDITY)")[1][0])
                select(B, "INBOX", "(QRESYNC (%%d %%d))" %% (uv, h))
                check(B.untagged_responses.get("VANISHED") == [b"(EARLIER) 2"], "API delete remembered %%r" %% B.untagged_responses)
                B.logout()
                print("ALL GOOD")
                """.formatted(pyString(ts.api().base()), pyString(adminToken)));
    }

    private static String pyString(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}

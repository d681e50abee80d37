package io.switchboard.imap;

import io.switchboard.support.TestServer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RENAME INBOX (RFC 3501 §6.3.5, RFC 9051 §6.3.6) with Python imaplib: the messages move, with their
 * UIDs and flags, to a new folder (a new mailbox, with a UIDVALIDITY of its own making); INBOX stays, empty, with its
 * UIDVALIDITY and UIDNEXT (no UID is used twice); a second session selected on INBOX sees every
 * message expunged, also as VANISHED through QRESYNC; renaming onto an existing folder changes nothing.
 */
class ImapRenameInboxTest {
    protected TestServer.Db db() {
        return TestServer.Db.H2;
    }

    @Test
    void renamingInboxMovesEveryMessageAtOnceAndSelectedSessionsSeeThemExpunged() throws Exception {
        ImapTestSupport.requirePython();
        Path work = Files.createTempDirectory("imap-rename-inbox-");
        try (TestServer ts = new TestServer(db(), ImapTestSupport.PLAIN_IMAP)) {
            ImapTestSupport.createMailAccount(ts, "ren@inbox.test", "ren-password");
            int port = ImapTestSupport.awaitPlainPort(ts);
            String script = """
                    import imaplib, sys, re
                    PORT = %d
                    def check(cond, what):
                        if not cond:
                            print("FAILED: " + what); sys.exit(3)
                    def code(S, name):
                        v = S.untagged_responses.get(name)
                        return int(v[-1]) if v else None
                    def msg(i):
                        return ("Subject: m%%d\\r\\nFrom: a@b.c\\r\\n\\r\\nbody %%d\\r\\n" %% (i, i)).encode()
                    A = imaplib.IMAP4("127.0.0.1", PORT)
                    A.login("ren@inbox.test", "ren-password")
                    for i in range(1, 4):
                        check(A.append("INBOX", "(\\\\Flagged)" if i == 2 else None, None, msg(i))[0] == "OK", "append %%d" %% i)
                    # a message expunged before the rename: its UID must not come back either
                    A.select("INBOX")
                    A.append("INBOX", "(\\\\Deleted)", None, msg(9))
                    A.noop()
                    A.expunge()
                    typ, data = A.select("INBOX")
                    check(data[0] == b"3", "three messages before: %%r" %% data)
                    validity, uidnext = code(A, "UIDVALIDITY"), code(A, "UIDNEXT")
                    typ, data = A.uid("FETCH", "1:*", "(FLAGS)")
                    uids = sorted(int(re.search(rb"UID (\\d+)", d).group(1)) for d in data)
                    check(len(uids) == 3, "uids %%r" %% data)
                    # a QRESYNC session on INBOX too
                    Q = imaplib.IMAP4("127.0.0.1", PORT)
                    Q.login("ren@inbox.test", "ren-password")
                    check(Q._simple_command("ENABLE", "QRESYNC")[0] == "OK", "enable qresync")
                    Q.select("INBOX")
                    B = imaplib.IMAP4("127.0.0.1", PORT)
                    B.login("ren@inbox.test", "ren-password")
                    B.create("Existing")
                    typ, data = B.rename("INBOX", "Existing")
                    check(typ == "NO", "rename onto an existing folder is refused: %%r" %% data)
                    typ, data = B.status("INBOX", "(MESSAGES)")
                    check(b"MESSAGES 3" in data[0], "nothing moved by the refused rename %%r" %% data)
                    typ, data = B.rename("INBOX", '"Old Inbox"')
                    check(typ == "OK", "rename %%r" %% data)
                    # the session selected on INBOX sees all three go
                    A.noop()
                    gone = A.untagged_responses.pop("EXPUNGE", [])
                    check(len(gone) == 3, "three EXPUNGE: %%r" %% gone)
                    typ, data = A.search(None, "ALL")
                    check(data[0] == b"", "INBOX empty for the selected session %%r" %% data)
                    typ, data = Q.noop()
                    vanished = Q.untagged_responses.pop("VANISHED", [])
                    def expand(s):
                        out = set()
                        for p in s.decode().split(","):
                            a, _, b = p.partition(":")
                            out |= set(range(int(a), int(b or a) + 1))
                        return out
                    check(len(vanished) == 1 and expand(vanished[0]) == set(uids), "VANISHED %%r" %% vanished)
                    # INBOX: same UIDVALIDITY and UIDNEXT, empty
                    typ, data = A.select("INBOX")
                    check(data[0] == b"0", "INBOX empty %%r" %% data)
                    check(code(A, "UIDVALIDITY") == validity and code(A, "UIDNEXT") == uidnext, "INBOX keeps UIDVALIDITY/UIDNEXT")
                    # the new folder: the same messages, UIDs and flags, its own UIDVALIDITY, UIDNEXT after them
                    typ, data = B.select('"Old Inbox"')
                    check(data[0] == b"3", "three moved %%r" %% data)
                    check(code(B, "UIDVALIDITY") is not None and code(B, "UIDVALIDITY") > 0, "the new folder has a UIDVALIDITY")
                    check(code(B, "UIDNEXT") == uidnext, "UIDNEXT after the moved UIDs: %%r vs %%r" %% (code(B, "UIDNEXT"), uidnext))
                    typ, data = B.uid("FETCH", "1:*", "(FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
                    text = b" ".join(d[0] + d[1] if isinstance(d, tuple) else d for d in data)
                    for u in uids:
                        check(b"UID %%d " %% u in text or b"UID %%d)" %% u in text, "UID %%d kept: %%r" %% (u, text))
                    check(text.count(b"\\\\Flagged") == 1 and b"Subject: m2" in text, "flags and messages kept: %%r" %% text)
                    # a new INBOX message takes a UID never used in INBOX
                    A.append("INBOX", None, None, msg(4))
                    A.noop()
                    typ, data = A.uid("FETCH", "1:*", "(UID)")
                    check(b"UID %%d" %% uidnext in data[0], "the next INBOX UID follows the old ones: %%r" %% data)
                    for S in (A, B, Q):
                        S.logout()
                    print("ALL GOOD")
                    """.formatted(port);
            ImapTestSupport.runScript(work, 120, script);
        }
    }
}

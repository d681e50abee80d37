package io.switchboard.imap;

import io.switchboard.support.TestServer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ENABLE sent while a mailbox is selected (RFC 5161 §3.1: clients must not, servers need not check)
 * is accepted, and each mode takes effect from the next command on the selected view: QRESYNC
 * reports the next expunge as VANISHED and another session's flag change with its MODSEQ, IMAP4rev2 answers SEARCH as ESEARCH.
 */
class ImapEnableWhileSelectedTest {
    @Test
    void enableInTheSelectedStateTakesEffectOnTheSelectedView() throws Exception {
        ImapTestSupport.requirePython();
        Path work = Files.createTempDirectory("imap-enable-selected-");
        try (TestServer ts = new TestServer(TestServer.Db.H2, ImapTestSupport.PLAIN_IMAP)) {
            ImapTestSupport.createMailAccount(ts, "late@enable.test", "late-password");
            int port = ImapTestSupport.awaitPlainPort(ts);
            String script = """
                    import imaplib, sys
                    PORT = %d
                    def check(cond, what):
                        if not cond:
                            print("FAILED: " + what); sys.exit(3)
                    # imaplib itself keeps ENABLE to the authenticated state, as the RFC asks of clients: lift that
                    imaplib.Commands["ENABLE"] = ("AUTH", "SELECTED")
                    A = imaplib.IMAP4("127.0.0.1", PORT)
                    A.login("late@enable.test", "late-password")
                    for i in range(3):
                        A.append("INBOX", None, None, b"Subject: e%%d\\r\\n\\r\\nbody\\r\\n" %% i)
                    A.select("INBOX")
                    typ, data = A._simple_command("ENABLE", "QRESYNC")
                    en = A.untagged_responses.pop("ENABLED", [b""])[-1]
                    check(typ == "OK" and b"CONDSTORE" in en and b"QRESYNC" in en, "ENABLE QRESYNC while selected: %%r %%r" %% (typ, en))
                    B = imaplib.IMAP4("127.0.0.1", PORT)
                    B.login("late@enable.test", "late-password")
                    B.select("INBOX")
                    B.store("3", "+FLAGS", "(\\\\Flagged)")
                    B.store("2", "+FLAGS", "(\\\\Deleted)")
                    B.expunge()
                    A.untagged_responses.clear()
                    A.noop()
                    fetched = A.untagged_responses.get("FETCH", [])
                    check(any(b"\\Flagged" in f and b"MODSEQ (" in f for f in fetched), "the flag change with its MODSEQ: %%r" %% fetched)
                    check("EXPUNGE" not in A.untagged_responses and A.untagged_responses.get("VANISHED") == [b"2"],
                          "the expunge told as VANISHED: %%r" %% A.untagged_responses)
                    typ, data = A._simple_command("ENABLE", "IMAP4rev2")
                    check(typ == "OK" and A.untagged_responses.pop("ENABLED", [b""])[-1] == b"IMAP4rev2", "ENABLE IMAP4rev2 while selected")
                    typ, data = A._simple_command("SEARCH", "ALL")
                    check(typ == "OK" and "ESEARCH" in A.untagged_responses, "SEARCH answered as ESEARCH: %%r" %% A.untagged_responses)
                    A.logout(); B.logout()
                    print("ALL GOOD")
                    """.formatted(port);
            ImapTestSupport.runScript(work, 120, script);
        }
    }
}

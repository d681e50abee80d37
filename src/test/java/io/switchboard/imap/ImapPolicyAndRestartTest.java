package io.switchboard.imap;

import io.switchboard.support.TestServer;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Defaults (imap.auth.require_tls = true): LOGIN refused in clear text, fine after STARTTLS;
 * UIDVALIDITY, UIDNEXT and flags survive a restart; imap.enabled switches the listener live.
 */
class ImapPolicyAndRestartTest {
    @Test
    void loginIsRefusedBeforeTlsAndStateSurvivesRestartAndEnabledIsHot() throws Exception {
        ImapTestSupport.requirePython();
        Path work = Files.createTempDirectory("imap-py-");
        try (TestServer ts = new TestServer(TestServer.Db.H2, Map.of("imap.enabled", "true", "imap.port", "0", "imaps.port", "0",
                "http.bind", "127.0.0.1"))) {
            ImapTestSupport.createMailAccount(ts, "frank@policy.test", "frank-password");

            String first = run(work, port(ts, 0), """
                    M = imaplib.IMAP4("127.0.0.1", PORT)
                    caps = M.capability()[1][0]
                    check(b"LOGINDISABLED" in caps and b"STARTTLS" in caps, "caps %r" % caps)
                    try:
                        M.login("frank@policy.test", "frank-password")
                        check(False, "clear-text login accepted")
                    except imaplib.IMAP4.error as e:
                        check("PRIVACYREQUIRED" in str(e), "refusal %s" % e)
                    M.starttls(ssl_context=ssl._create_unverified_context())
                    check(M.login("frank@policy.test", "frank-password")[0] == "OK", "login after STARTTLS")
                    M.append("INBOX", "(\\\\Answered)", None, b"Subject: keep\\r\\n\\r\\nkept\\r\\n")
                    M.append("INBOX", None, None, b"Subject: two\\r\\n\\r\\nsecond\\r\\n")
                    print(M.status("INBOX", "(UIDVALIDITY UIDNEXT MESSAGES)")[1][0].decode())
                    M.logout()
                    print("ALL GOOD")
                    """);
            ts.restart();
            String second = run(work, port(ts, 0), """
                    M = imaplib.IMAP4("127.0.0.1", PORT)
                    M.starttls(ssl_context=ssl._create_unverified_context())
                    M.login("frank@policy.test", "frank-password")
                    print(M.status("INBOX", "(UIDVALIDITY UIDNEXT MESSAGES)")[1][0].decode())
                    M.select("INBOX")
                    typ, data = M.fetch("1", "(FLAGS UID)")
                    check(b"\\\\Answered" in data[0] and b"UID 1" in data[0], "flags after restart %r" % data)
                    M.logout()
                    print("ALL GOOD")
                    """);
            String statusBefore = first.lines().filter(l -> l.contains("UIDVALIDITY")).findFirst().orElseThrow();
            String statusAfter = second.lines().filter(l -> l.contains("UIDVALIDITY")).findFirst().orElseThrow();
            assertEquals(statusBefore, statusAfter);
            assertTrue(statusAfter.contains("UIDNEXT 3") && statusAfter.contains("MESSAGES 2"), statusAfter);

            var stats = ts.api().get("/statistics", null).json().path("imap");
            assertTrue(stats.path("listening").asBoolean(), stats.toString());
            int p = port(ts, 0);
            ts.server().config().setStored("imap.enabled", "false");
            for (int i = 0; i < 200 && ImapModule.of(ts.server()).port(0) > 0; i++) Thread.sleep(25);
            assertEquals(-1, ImapModule.of(ts.server()).port(0));
            assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", p).close());
            assertTrue(!ts.api().get("/statistics", null).json().path("imap").path("listening").asBoolean());
            ts.server().config().setStored("imap.enabled", "true");
            assertTrue(port(ts, 0) > 0);
        }
    }

    private static int port(TestServer ts, int i) throws InterruptedException {
        for (int n = 0; n < 200; n++) {
            ImapModule m = ImapModule.of(ts.server());
            int p = m == null ? -1 : m.port(i);
            if (p > 0) return p;
            Thread.sleep(25);
        }
        fail("IMAP listener did not start");
        return -1;
    }

    private static String run(Path work, int port, String body) throws Exception {
        String prelude = """
                import imaplib, ssl, sys
                PORT = %d
                def check(cond, what):
                    if not cond:
                        print("FAILED: " + what); sys.exit(3)
                """.formatted(port);
        return ImapTestSupport.runScript(work, 60, prelude + body).stdout();
    }
}

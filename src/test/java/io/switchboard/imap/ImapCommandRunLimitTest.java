package io.switchboard.imap;

import io.switchboard.Json;
import io.switchboard.support.Api;
import io.switchboard.support.ImapLineClient;
import io.switchboard.support.TestServer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * imap.execution.timeout.seconds: a SEARCH TEXT over large messages with a tiny limit is answered
 * NO [LIMIT] and the session goes on; a FETCH of every body to a client that never reads is ended
 * with BYE and a closed connection once the limit passes, releasing its blocking thread. Other
 * sessions answer meanwhile, and nothing in the store changed. Raw sockets (the slow reader sets a
 * small receive buffer and reads nothing).
 */
class ImapCommandRunLimitTest {
    private static final int MESSAGES = 6;
    private static final int MESSAGE_SIZE = 3 * 1024 * 1024;

    @Test
    void longSearchGetsNoLimitAndAFetchToAClientThatDoesNotReadIsClosedWhileOtherSessionsGoOn() throws Exception {
        try (TestServer ts = new TestServer(TestServer.Db.H2, ImapTestSupport.PLAIN_IMAP)) {
            Api api = ts.api();
            Api.User admin = api.newUser("Admin");
            assertEquals(200, api.post("/action/world/become_an_administrator", admin.token(), "{}").status());
            var r = api.post("/api/mail_account", admin.token(), Api.resource("mail_account",
                    Json.object().put("username", "lim@limit.test").put("password", "lim-password")));
            assertEquals(201, r.status(), r.text());
            ImapModule module = ImapModule.of(ts.server());
            int port = -1;
            for (int i = 0; i < 200 && port <= 0; i++) {
                port = module.port(0);
                if (port <= 0) Thread.sleep(25);
            }
            assertTrue(port > 0, "IMAP listener did not start");
            try (ImapLineClient a = ImapLineClient.login("127.0.0.1", port, "lim@limit.test", "lim-password");
                 ImapLineClient b = ImapLineClient.login("127.0.0.1", port, "lim@limit.test", "lim-password")) {
                for (int i = 0; i < MESSAGES; i++) a.append("INBOX", message(i));
                a.ok("SELECT INBOX");
                b.ok("SELECT INBOX");

                // a millisecond: a SEARCH TEXT through 18 MB of bodies cannot finish in it
                setLimit(api, admin, "0.001");
                List<String> search = a.run("SEARCH TEXT \"words-that-are-nowhere\"");
                assertTrue(search.get(search.size() - 1).endsWith(" NO " + ImapReplies.RUN_LIMIT), search.toString());
                assertFalse(search.stream().anyMatch(l -> l.startsWith("* SEARCH")), search.toString());
                b.ok("NOOP");
                assertTrue(b.ok("STATUS INBOX (MESSAGES)").get(0).contains("MESSAGES " + MESSAGES));
                a.ok("NOOP"); // the stopped session goes on

                // two seconds: the slow reader's FETCH fills the socket and waits past them
                setLimit(api, admin, "2");
                int before = module.connectionCount();
                try (ImapLineClient d = ImapLineClient.connect("127.0.0.1", port, 4096)) {
                    d.ok("LOGIN lim@limit.test lim-password");
                    d.ok("SELECT INBOX");
                    String tag = d.send("FETCH 1:* BODY.PEEK[]");
                    // meanwhile the other sessions are answered as usual
                    List<String> flags = b.ok("FETCH 1:* (FLAGS)");
                    assertEquals(MESSAGES, flags.size(), flags.toString());
                    a.ok("NOOP");
                    int withD = before + 1;
                    for (int i = 0; i < 1200 && module.connectionCount() >= withD; i++) Thread.sleep(50);
                    if (module.connectionCount() >= withD) fail("the connection of the client that does not read was not closed");
                    ImapLineClient.Drained got = d.drainToEnd();
                    assertTrue(got.octets() < (long) MESSAGES * MESSAGE_SIZE, "the FETCH was cut short: " + got.octets());
                    assertFalse(got.tail().contains(tag + " OK"), got.tail());
                }
                setLimit(api, admin, "300");
                var stats = api.get("/statistics", admin.token()).json();
                var imap = stats.findValue("imap_limits");
                assertEquals(1, imap.path("commands_stopped_by_run_limit").asLong(), imap.toString());
                assertEquals(1, imap.path("closed_not_reading").asLong(), imap.toString());
                // nothing changed: BODY.PEEK sets no flag, and every message is still there
                List<String> after = a.ok("FETCH 1:* (FLAGS)");
                assertEquals(MESSAGES, after.size(), after.toString());
                assertTrue(after.stream().noneMatch(l -> l.contains("\\Seen")), after.toString());
                List<String> found = a.ok("SEARCH TEXT \"needle-3\"");
                assertEquals(List.of("* SEARCH 4"), found, "with room to run, the same kind of search completes");
                a.ok("LOGOUT");
            }
        }
    }

    private static void setLimit(Api api, Api.User admin, String seconds) {
        assertEquals(200, api.send("PUT", "/_config/backend/imap.execution.timeout.seconds", admin.token(),
                "application/json", "\"" + seconds + "\"", Map.of()).status());
    }

    /** About 3 MiB of text lines, with one findable word. */
    private static byte[] message(int n) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(MESSAGE_SIZE + 200);
        out.writeBytes(("Subject: big " + n + "\r\n\r\nneedle-" + n + "\r\n").getBytes(StandardCharsets.US_ASCII));
        byte[] line = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor\r\n".getBytes(StandardCharsets.US_ASCII);
        while (out.size() + line.length <= MESSAGE_SIZE) out.writeBytes(line);
        return out.toByteArray();
    }
}

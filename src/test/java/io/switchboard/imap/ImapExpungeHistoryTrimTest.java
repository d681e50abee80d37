package io.switchboard.imap;

import io.switchboard.Json;
import io.switchboard.support.Api;
import io.switchboard.support.ImapLineClient;
import io.switchboard.support.TestServer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The expunge history (mail_vanished) is trimmed by age and by count per folder, and QRESYNC stays
 * correct afterwards (RFC 7162 §3.2.5.2): a client whose mod-sequence is older than what is still
 * recorded gets every UID not present (a superset, never a list missing one), a newer one the exact
 * list; a session selected since before the trim is still told every expunge at its next NOOP.
 * Raw-socket IMAP, so each answer line is compared exactly.
 */
class ImapExpungeHistoryTrimTest {
    private static final Pattern HIGHEST = Pattern.compile("HIGHESTMODSEQ (\\d+)");

    /** The database under test; the PostgreSQL suite overrides it. */
    protected TestServer.Db db() {
        return TestServer.Db.H2;
    }

    @Test
    void trimmedHistoryAnswersOlderModseqsWithEveryAbsentUidAndNewerOnesExactly() throws Exception {
        try (TestServer ts = new TestServer(db(), ImapTestSupport.PLAIN_IMAP)) {
            Api api = ts.api();
            Api.User admin = api.newUser("Admin");
            assertEquals(200, api.post("/action/world/become_an_administrator", admin.token(), "{}").status());
            var r = api.post("/api/mail_account", admin.token(), Api.resource("mail_account",
                    Json.object().put("username", "tess@trim.test").put("password", "tess-password")));
            assertEquals(201, r.status(), r.text());
            int port = port(ts);
            try (ImapLineClient a = ImapLineClient.login("127.0.0.1", port, "tess@trim.test", "tess-password");
                 ImapLineClient c = ImapLineClient.login("127.0.0.1", port, "tess@trim.test", "tess-password")) {
                for (int i = 1; i <= 6; i++) a.append("INBOX", ("Subject: m" + i + "\r\n\r\nbody " + i + "\r\n").getBytes(StandardCharsets.US_ASCII));
                a.ok("ENABLE QRESYNC");
                long uv = number(a.ok("STATUS INBOX (UIDVALIDITY)"), Pattern.compile("UIDVALIDITY (\\d+)"));
                a.ok("SELECT INBOX");
                expunge(a, 1);
                // c selects now (UIDs 2..6) and says nothing until the history has been trimmed
                c.ok("SELECT INBOX");
                long h0 = highest(a);
                expunge(a, 2);
                long m1 = highest(a);
                expunge(a, 4);
                long m2 = highest(a);
                expunge(a, 5);
                assertEquals("* VANISHED (EARLIER) 2,4:5", vanished(a, uv, h0, null), "untrimmed: exact");

                // by age: only UID 2's row is older than imap.vanished.days (30 by default)
                ageRow(ts, 2, 40);
                ImapModule.of(ts.server()).trimExpungeHistory();
                assertEquals("* VANISHED (EARLIER) 1:2,4:5", vanished(a, uv, h0, null), "older than the floor: every absent UID");
                assertEquals("* VANISHED (EARLIER) 4:5", vanished(a, uv, h0, "3:6"), "limited to the known UIDs");
                assertEquals("* VANISHED (EARLIER) 4:5", vanished(a, uv, m1, null), "at the floor: exact again");

                // by count: one row kept per folder (the newest), so the floor moves to UID 4's expunge
                assertEquals(200, api.send("PUT", "/_config/backend/imap.vanished.max_per_mailbox", admin.token(),
                        "application/json", "\"1\"", Map.of()).status());
                ImapModule.of(ts.server()).trimExpungeHistory();
                assertEquals(1, rows(ts), "one expunged UID remembered");
                assertEquals("* VANISHED (EARLIER) 1:2,4:5", vanished(a, uv, m1, null));
                assertEquals("* VANISHED (EARLIER) 5", vanished(a, uv, m2, null));
                List<String> f = a.ok("UID FETCH 1:* (FLAGS) (CHANGEDSINCE " + m1 + " VANISHED)");
                assertTrue(f.contains("* VANISHED (EARLIER) 1:2,4:5"), f.toString());

                // the session selected before the trim still learns of every expunge it missed
                List<String> noop = c.ok("NOOP");
                assertEquals(List.of("* 4 EXPUNGE", "* 3 EXPUNGE", "* 1 EXPUNGE"), noop.stream().filter(l -> l.endsWith("EXPUNGE")).toList(),
                        noop.toString());
                assertEquals("* 2 EXISTS", c.ok("SELECT INBOX").stream().filter(l -> l.endsWith("EXISTS")).findFirst().orElseThrow());
                a.ok("LOGOUT");
            }
        }
    }

    private static int port(TestServer ts) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            ImapModule m = ImapModule.of(ts.server());
            int p = m == null ? -1 : m.port(0);
            if (p > 0) return p;
            Thread.sleep(25);
        }
        throw new AssertionError("IMAP listener did not start");
    }

    private static void expunge(ImapLineClient a, long uid) throws Exception {
        a.ok("UID STORE " + uid + " +FLAGS.SILENT (\\Deleted)");
        List<String> out = a.ok("UID EXPUNGE " + uid);
        assertTrue(out.contains("* VANISHED " + uid), out.toString());
    }

    private static long highest(ImapLineClient a) throws Exception {
        return number(a.ok("STATUS INBOX (HIGHESTMODSEQ)"), HIGHEST);
    }

    private static long number(List<String> lines, Pattern p) {
        for (String l : lines) {
            Matcher m = p.matcher(l);
            if (m.find()) return Long.parseLong(m.group(1));
        }
        throw new AssertionError(p + " not in " + lines);
    }

    /** The VANISHED line of a QRESYNC SELECT from that mod-sequence ("none" when there is none). */
    private static String vanished(ImapLineClient a, long uv, long modseq, String knownUids) throws Exception {
        List<String> lines = a.ok("SELECT INBOX (QRESYNC (" + uv + " " + modseq + (knownUids == null ? "" : " " + knownUids) + "))");
        return lines.stream().filter(l -> l.startsWith("* VANISHED")).findFirst().orElse("none");
    }

    /** Makes the expunge of this UID look {@code days} old. */
    private static void ageRow(TestServer ts, long uid, int days) throws Exception {
        ts.server().database().withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE mail_vanished SET expunged_at = ? WHERE uid = ?")) {
                ps.setTimestamp(1, Timestamp.from(Instant.now().minusSeconds(days * 86_400L)));
                ps.setLong(2, uid);
                assertEquals(1, ps.executeUpdate());
            }
            return null;
        });
    }

    private static long rows(TestServer ts) throws Exception {
        return ts.server().database().withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM mail_vanished"); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}

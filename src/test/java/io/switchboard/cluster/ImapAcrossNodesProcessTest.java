package io.switchboard.cluster;

import io.switchboard.Json;
import io.switchboard.support.Api;
import io.switchboard.support.ImapLineClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two server PROCESSES on 127.0.0.1 and 127.0.0.2 sharing one PostgreSQL schema and data directory:
 * a STORE, an EXPUNGE and a MOVE made by an IMAP session on node a reach IDLE sessions on node b at
 * once (untagged FETCH with FLAGS and MODSEQ, EXPUNGE, or VANISHED with QRESYNC), carried by the
 * cluster bus, and a session on node b that sends NOOP sees them too. Raw sockets: each pushed line
 * is read as it comes, with a socket timeout, so a push that never arrives fails the test.
 */
@EnabledIfEnvironmentVariable(named = "SWITCHBOARD_TEST_DB_URL", matches = ".+")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImapAcrossNodesProcessTest {
    private static final String[] ADDRESSES = {"127.0.0.1", "127.0.0.2"};
    private SharedSchema schema;
    private java.nio.file.Path sharedDataDir;
    private final List<NodeProcess> nodes = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        schema = new SharedSchema("sb_imapx_");
        sharedDataDir = java.nio.file.Files.createTempDirectory("switchboard-imapx-data-");
        for (int i = 0; i < ADDRESSES.length; i++) {
            int[] ports = NodeProcess.freePorts(ADDRESSES[i], 3);
            nodes.add(new NodeProcess("imap-" + (char) ('a' + i), ADDRESSES[i], schema.url, sharedDataDir, Map.of(
                    "http.port", Integer.toString(ports[0]),
                    "imap.enabled", "true", "imap.auth.require_tls", "false",
                    "imap.port", Integer.toString(ports[1]),
                    "imaps.port", Integer.toString(ports[2]))));
        }
        for (NodeProcess n : nodes) n.start();
    }

    @AfterAll
    void stop() throws Exception {
        for (NodeProcess n : nodes) n.close();
        if (sharedDataDir != null) NodeProcess.deleteTree(sharedDataDir);
        if (schema != null) schema.close();
    }

    private ImapLineClient login(NodeProcess n) throws Exception {
        return ImapLineClient.login(n.address, Integer.parseInt(n.setting("imap.port")), "ivy@nodes.test", "ivy-password");
    }

    @Test
    void flagChangesExpungesAndMovesOnNodeAReachIdleAndNoopSessionsOnNodeB() throws Exception {
        Api api = new Api(nodes.get(0).base());
        Api.User admin = api.newUser("Admin");
        assertEquals(200, api.post("/action/world/become_an_administrator", admin.token(), "{}").status());
        var r = api.post("/api/mail_account", admin.token(), Api.resource("mail_account",
                Json.object().put("username", "ivy@nodes.test").put("password", "ivy-password")));
        assertEquals(201, r.status(), r.text());
        NodeProcess a = nodes.get(0);
        NodeProcess b = nodes.get(1);
        try (ImapLineClient onA = login(a); ImapLineClient idle = login(b); ImapLineClient idleQ = login(b); ImapLineClient noop = login(b)) {
            for (int i = 1; i <= 4; i++) onA.append("INBOX", ("Subject: n" + i + "\r\n\r\nbody " + i + "\r\n").getBytes(StandardCharsets.US_ASCII));
            onA.ok("SELECT INBOX");
            idle.ok("ENABLE CONDSTORE");
            assertTrue(idle.ok("SELECT INBOX").contains("* 4 EXISTS"));
            idleQ.ok("ENABLE QRESYNC");
            idleQ.ok("SELECT INBOX");
            noop.ok("SELECT INBOX");
            String idleTag = startIdle(idle);
            String idleQTag = startIdle(idleQ);

            onA.ok("UID STORE 1 +FLAGS (\\Seen)");
            String pushed = readUntil(idle, l -> l.startsWith("* 1 FETCH "));
            assertTrue(pushed.startsWith("* 1 FETCH (UID 1 FLAGS (\\Seen) MODSEQ ("), pushed);
            assertTrue(readUntil(idleQ, l -> l.startsWith("* 1 FETCH ")).contains("FLAGS (\\Seen)"));

            onA.ok("UID STORE 2 +FLAGS.SILENT (\\Deleted)");
            onA.ok("UID EXPUNGE 2");
            readUntil(idle, l -> l.equals("* 2 EXPUNGE"));
            readUntil(idleQ, l -> l.equals("* VANISHED 2"));

            onA.ok("UID MOVE 3 Trash");
            // UID 3 was the second message left on node b
            readUntil(idle, l -> l.equals("* 2 EXPUNGE"));
            readUntil(idleQ, l -> l.equals("* VANISHED 3"));

            // a change through the JSON API on node a: one new mod-sequence (taken on node a only), pushed to node b
            long before = highest(onA);
            var found = api.get("/api/mail?filter%5Bsubject%5D=n4", admin.token());
            assertEquals(200, found.status(), found.text());
            String id = found.json().path("data").path(0).path("id").asText();
            var patched = api.patch("/api/mail/" + id, admin.token(), Api.resource("mail", Json.object().put("seen", true)));
            assertEquals(200, patched.status(), patched.text());
            String apiPush = readUntil(idle, l -> l.startsWith("* 2 FETCH (UID 4 "));
            assertTrue(apiPush.contains("\\Seen") && apiPush.contains("MODSEQ (" + (before + 1) + ")"), apiPush + " after " + before);
            assertEquals(before + 1, highest(onA), "one mod-sequence for one API change, however many nodes");

            idle.write("DONE\r\n");
            idle.until(idleTag);
            idleQ.write("DONE\r\n");
            idleQ.until(idleQTag);
            List<String> view = idle.ok("FETCH 1:* (UID)");
            assertEquals(2, view.size(), view.toString());
            assertTrue(view.get(1).startsWith("* 2 FETCH (UID 4"), view.toString());

            List<String> told = noop.ok("NOOP");
            assertTrue(told.contains("* 1 FETCH (UID 1 FLAGS (\\Seen))"), told.toString());
            assertEquals(List.of("* 3 EXPUNGE", "* 2 EXPUNGE"), told.stream().filter(l -> l.endsWith("EXPUNGE")).toList(), told.toString());
        }
    }

    private static long highest(ImapLineClient c) throws Exception {
        for (String l : c.ok("STATUS INBOX (HIGHESTMODSEQ)")) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("HIGHESTMODSEQ (\\d+)").matcher(l);
            if (m.find()) return Long.parseLong(m.group(1));
        }
        throw new AssertionError("no HIGHESTMODSEQ");
    }

    private static String startIdle(ImapLineClient c) throws Exception {
        String tag = c.send("IDLE");
        String cont = c.readLine();
        assertTrue(cont.startsWith("+"), cont);
        return tag;
    }

    /** Reads pushed lines (30 s socket timeout each) until one matches; returns it. */
    private static String readUntil(ImapLineClient c, java.util.function.Predicate<String> wanted) throws Exception {
        List<String> seen = new ArrayList<>();
        while (true) {
            String l;
            try {
                l = c.readLine();
            } catch (java.net.SocketTimeoutException e) {
                throw new AssertionError("no pushed line came; saw " + seen, e);
            }
            if (wanted.test(l)) return l;
            seen.add(l);
            if (l.matches("t\\d+ .*")) throw new AssertionError("IDLE ended before the push; saw " + seen);
        }
    }
}

package io.switchboard.smtp;

import io.switchboard.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.support.Api;
import io.switchboard.support.Api.Resp;
import io.switchboard.support.Api.User;
import io.switchboard.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;

import static io.switchboard.smtp.SmtpInteropTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The SMTP storage paths on PostgreSQL (SWITCHBOARD_TEST_DB_URL): UIDs, group commit, outbox retries. */
@org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable(named = "SWITCHBOARD_TEST_DB_URL", matches = ".+")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SmtpPostgresTest {
    private static final String HOST = "pg.test";
    private TestServer ts;
    private Api api;
    private User admin;
    private int deadPort;

    @BeforeAll
    void start() throws Exception {
        SmtpInteropTest.requireTool("swaks", "swaks");
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = s.getLocalPort(); // closed again: the relay refuses connections
        }
        ts = new TestServer(TestServer.Db.POSTGRESQL, Map.of("smtp.enable", "true", "smtp.listen.override", "127.0.0.1:0",
                "smtp.relay.host", "127.0.0.1", "smtp.relay.port", Integer.toString(deadPort), "smtp.retry.schedule", "3600"));
        api = ts.api();
        admin = api.newUser("Admin");
        assertEquals(200, api.post("/action/world/become_an_administrator", admin.token(), "{}").status());
        assertEquals(201, api.post("/api/mail_server", admin.token(), Api.resource("mail_server", Json.object().put("hostname", HOST)
                .put("is_enabled", true).put("always_on_tls", false).put("authentication_required", false))).status());
        assertEquals(201, api.post("/api/mail_account", admin.token(), Api.resource("mail_account",
                Json.object().put("username", "pat@" + HOST).put("user_account", admin.id()))).status());
    }

    @AfterAll
    void stop() throws Exception {
        if (ts != null) ts.close();
    }

    private int port() throws InterruptedException {
        return SmtpListeners.awaitPort(ts.server(), HOST);
    }

    @Test
    void concurrentDeliveriesGetDistinctIncreasingUids() throws Exception {
        int p = port();
        List<Thread> threads = new java.util.ArrayList<>();
        List<Integer> codes = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int i = 0; i < 6; i++) {
            int n = i;
            Thread t = new Thread(() -> codes.add(run(List.of("swaks", "--server", "127.0.0.1", "--port", "" + p, "--from", "x@outside.test",
                    "--to", "pat@" + HOST, "--header", "Subject: pg " + n)).code()));
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) t.join(120_000);
        assertEquals(List.of(0, 0, 0, 0, 0, 0), codes);
        List<Long> uids = ts.server().database().withConnection(c -> {
            List<Long> out = new java.util.ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT m.\"uid\" FROM \"mail\" m JOIN \"mail_box\" b ON b.\"reference_id\" = m.\"mail_box\" "
                    + "WHERE b.\"name\" = 'INBOX' AND m.\"subject\" LIKE 'pg %' ORDER BY m.\"uid\"");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getLong(1));
            }
            return out;
        });
        assertEquals(6, uids.size());
        assertEquals(6, new java.util.HashSet<>(uids).size());
        long nextUid = ts.server().database().withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT b.\"nextuid\" FROM \"mail_box\" b JOIN \"mail_account\" a ON a.\"reference_id\" = b.\"mail_account\" "
                    + "WHERE b.\"name\" = 'INBOX' AND a.\"username\" = ?")) {
                ps.setString(1, "pat@" + HOST);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
        assertTrue(nextUid > uids.get(uids.size() - 1));
    }

    @Test
    void relayRefusingConnectionsLeavesTheOutboxRowForALaterRetry() throws Exception {
        ObjectNode attrs = Json.object().put("from", "pat@" + HOST).put("subject", "pg outbox").put("body", "x");
        attrs.putArray("to").add("far@away.test").add("pat@" + HOST);
        Resp r = api.post("/action/world/mail.send", admin.token(), Json.object().set("attributes", attrs));
        assertEquals(200, r.status(), r.text());
        for (int i = 0; i < 300; i++) {
            Object[] row = ts.server().database().withConnection(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT \"retry_count\", \"last_error\", \"sent\", \"next_retry_at\" FROM \"outbox\" WHERE \"to_address\" = 'far@away.test'");
                     ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? new Object[]{rs.getLong(1), rs.getString(2), rs.getBoolean(3), rs.getObject(4)} : null;
                }
            });
            if (row != null && (Long) row[0] == 1L) {
                assertTrue(String.valueOf(row[1]).contains("127.0.0.1:" + deadPort), String.valueOf(row[1]));
                assertEquals(false, row[2]);
                assertTrue(row[3] != null);
                return;
            }
            Thread.sleep(100);
        }
        fail("the outbox row was never attempted");
    }
}

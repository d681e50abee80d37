package io.switchboard.smtp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.Json;
import io.switchboard.support.Api;
import io.switchboard.support.Api.Resp;
import io.switchboard.support.Api.User;
import io.switchboard.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A mail account, its folders and its messages are readable by the account's user and by
 * administrators only; no password ever leaves over the API. Mail is delivered with swaks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MailAccountAccessTest {
    private static final String MX = "access.test";

    private TestServer ts;
    private Api api;
    private User admin;
    private User owner;
    private User stranger;
    private String accountId;
    private int port;

    @BeforeAll
    void start() throws Exception {
        SmtpInteropTest.requireTool("swaks", "swaks");
        ts = new TestServer(TestServer.Db.H2, Map.of("smtp.enable", "true", "smtp.listen.override", "127.0.0.1:0"));
        api = ts.api();
        admin = api.newUser("Admin");
        assertEquals(200, api.post("/action/world/become_an_administrator", admin.token(), "{}").status());
        owner = api.newUser("Owner");
        stranger = api.newUser("Stranger");
        Resp srv = api.post("/api/mail_server", admin.token(), Api.resource("mail_server", Json.object().put("hostname", MX)
                .put("is_enabled", true).put("listen_interface", "127.0.0.1:0").put("always_on_tls", false)
                .put("authentication_required", false)));
        assertEquals(201, srv.status(), srv.text());
        Resp acct = api.post("/api/mail_account", admin.token(), Api.resource("mail_account", Json.object()
                .put("username", "own@" + MX).put("password", "account-password").put("user_account", owner.id()).put("quota", 1_000_000)));
        assertEquals(201, acct.status(), acct.text());
        accountId = acct.json().path("data").path("id").asText();
        port = SmtpListeners.awaitPort(ts.server(), MX);
        SmtpInteropTest.Run r = SmtpInteropTest.run(List.of("swaks", "--server", "127.0.0.1", "--port", "" + port,
                "--from", "someone@elsewhere.test", "--to", "own@" + MX, "--header", "Subject: private letter"));
        assertEquals(0, r.code(), r.out());
    }

    @AfterAll
    void stop() throws Exception {
        if (ts != null) ts.close();
    }

    @Test
    void theLinkedUserReadsTheAccountAndOthersDoNot() {
        Resp mine = api.get("/api/mail_account/" + accountId, owner.token());
        assertEquals(200, mine.status(), mine.text());
        assertEquals(owner.id(), mine.json().path("data").path("attributes").path("owner").asText());
        assertEquals(1, api.get("/api/mail_account", owner.token()).json().path("links").path("total").asInt());

        assertEquals(404, api.get("/api/mail_account/" + accountId, stranger.token()).status());
        Resp list = api.get("/api/mail_account", stranger.token());
        assertEquals(200, list.status(), list.text());
        assertEquals(0, list.json().path("links").path("total").asInt(), list.text());
        assertEquals(200, api.get("/api/mail_account/" + accountId, admin.token()).status());
    }

    @Test
    void addingTheAccountToTheUsersGroupSharesNothing() {
        Resp groups = api.get("/api/usergroup?page[size]=50", admin.token());
        String users = null;
        for (JsonNode g : groups.json().path("data")) if (g.path("attributes").path("name").asText().equals("users")) users = g.path("id").asText();
        ObjectNode patch = Json.object();
        patch.putArray("usergroups").add(users);
        assertEquals(200, api.patch("/api/mail_account/" + accountId, admin.token(), Api.resource("mail_account", patch)).status());
        assertEquals(404, api.get("/api/mail_account/" + accountId, stranger.token()).status());
    }

    @Test
    void theUserCannotRaiseTheirOwnQuota() {
        Resp r = api.patch("/api/mail_account/" + accountId, owner.token(), Api.resource("mail_account", Json.object().put("quota", 999_999_999)));
        assertEquals(403, r.status(), r.text());
    }

    @Test
    void passwordsAreNeverReadableNorFilterable() {
        for (User u : List.of(admin, owner)) {
            Resp r = api.get("/api/mail_account/" + accountId, u.token());
            assertFalse(r.json().path("data").path("attributes").has("password"), r.text());
            assertFalse(r.text().contains("account-password"), r.text());
            assertFalse(r.text().contains("pbkdf2"), r.text());
        }
        assertEquals(400, api.get("/api/mail_account?filter[password]=account-password", admin.token()).status());
        assertEquals(400, api.get("/api/mail_account?sort=password", admin.token()).status());
    }

    @Test
    void deliveredMailAndFoldersAreTheAccountUsersOnly() {
        assertTrue(api.get("/api/mail?page[size]=100", owner.token()).text().contains("private letter"));
        assertTrue(api.get("/api/mail_box?page[size]=100", owner.token()).text().contains("INBOX"));
        Resp other = api.get("/api/mail?page[size]=100", stranger.token());
        assertEquals(200, other.status(), other.text());
        assertFalse(other.text().contains("private letter"), other.text());
        assertEquals(0, api.get("/api/mail_box", stranger.token()).json().path("links").path("total").asInt());
    }

    @Test
    void relinkingTheAccountHandsItsMailToTheNewUser() throws Exception {
        User heir = api.newUser("Heir");
        Resp acct = api.post("/api/mail_account", admin.token(), Api.resource("mail_account", Json.object()
                .put("username", "moving@" + MX).put("password", "moving-password")));
        assertEquals(201, acct.status(), acct.text());
        String id = acct.json().path("data").path("id").asText();
        SmtpInteropTest.Run r = SmtpInteropTest.run(List.of("swaks", "--server", "127.0.0.1", "--port", "" + port,
                "--from", "someone@elsewhere.test", "--to", "moving@" + MX, "--header", "Subject: inherited letter"));
        assertEquals(0, r.code(), r.out());
        assertFalse(api.get("/api/mail?page[size]=100", heir.token()).text().contains("inherited letter"));
        Resp p = api.patch("/api/mail_account/" + id, admin.token(), Api.resource("mail_account", Json.object().put("user_account", heir.id())));
        assertEquals(200, p.status(), p.text());
        assertEquals(heir.id(), p.json().path("data").path("attributes").path("owner").asText());
        for (int i = 0; i < 100 && !api.get("/api/mail?page[size]=100", heir.token()).text().contains("inherited letter"); i++) Thread.sleep(50);
        assertTrue(api.get("/api/mail?page[size]=100", heir.token()).text().contains("inherited letter"));
        assertTrue(api.get("/api/mail_box?page[size]=100", heir.token()).text().contains("INBOX"));
    }
}

package io.switchboard.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.Json;
import io.switchboard.entity.EntityEvent;
import io.switchboard.support.Api;
import io.switchboard.support.Api.Resp;
import io.switchboard.support.Api.User;
import io.switchboard.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The foundation's behaviour over real sockets, run once on embedded H2 and once on PostgreSQL
 * (subclasses choose the database).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FoundationApiSuite {
    private TestServer ts;
    private Api api;
    private User admin;
    private final List<EntityEvent> events = new CopyOnWriteArrayList<>();

    abstract TestServer.Db db();

    @BeforeAll
    void startServer() throws Exception {
        ts = new TestServer(db(), Map.of());
        ts.server().eventBus().subscribe(events::add);
        api = ts.api();
        admin = api.newUser("Admin");
        Resp r = api.post("/action/world/become_an_administrator", admin.token(), "{}");
        assertEquals(200, r.status(), r.text());
        Resp t = api.createTable(admin.token(), "blog_post", "title:label", "body:content", "views:measurement",
                "published:truefalse", "published_at:datetime", "meta:json", "content:file.document");
        assertEquals(201, t.status(), t.text());
    }

    @AfterAll
    void stopServer() throws Exception {
        ts.close();
    }

    private ObjectNode post(String title) {
        return Api.resource("blog_post", Json.object().put("title", title).put("views", 1));
    }

    @Test
    void signUpSignInThenCrudWithTheToken() {
        User u = api.newUser("Writer");
        Resp created = api.post("/api/blog_post", u.token(), Api.resource("blog_post",
                Json.object().put("title", "Hello").put("views", 3).put("published", true)
                        .put("published_at", "2026-01-02T03:04:05Z")));
        assertEquals(201, created.status(), created.text());
        JsonNode data = created.json().path("data");
        String id = data.path("id").asText();
        assertEquals("blog_post", data.path("type").asText());
        assertEquals("/api/blog_post/" + id, created.header("Location"));
        assertEquals(u.id(), data.path("attributes").path("owner").asText());
        assertEquals(65408, data.path("attributes").path("permission").asInt());
        assertEquals("2026-01-02T03:04:05Z", data.path("attributes").path("published_at").asText());
        assertEquals(3, data.path("attributes").path("views").asInt());

        Resp got = api.get("/api/blog_post/" + id, u.token());
        assertEquals(200, got.status());
        assertEquals("Hello", got.json().path("data").path("attributes").path("title").asText());

        Resp patched = api.patch("/api/blog_post/" + id, u.token(), Api.resource("blog_post", Json.object().put("title", "Hello again")));
        assertEquals(200, patched.status(), patched.text());
        assertEquals("Hello again", patched.json().path("data").path("attributes").path("title").asText());

        Resp list = api.get("/api/blog_post?filter[title]=Hello%20again", u.token());
        assertEquals(200, list.status());
        assertEquals(1, list.json().path("data").size());
        assertEquals(1, list.json().path("links").path("total").asInt());

        assertEquals(204, api.delete("/api/blog_post/" + id, u.token()).status());
        assertEquals(404, api.get("/api/blog_post/" + id, u.token()).status());
    }

    @Test
    void otherUsersAndGuestsCannotSeeOrChangeAPrivateRow() {
        User owner = api.newUser("Owner");
        User other = api.newUser("Other");
        String id = api.post("/api/blog_post", owner.token(), post("private")).json().path("data").path("id").asText();

        assertEquals(404, api.get("/api/blog_post/" + id, other.token()).status());
        assertEquals(404, api.patch("/api/blog_post/" + id, other.token(), post("hijack")).status());
        assertEquals(404, api.delete("/api/blog_post/" + id, other.token()).status());
        assertEquals(404, api.get("/api/blog_post/" + id, null).status());
        assertEquals(401, api.post("/api/blog_post", null, post("anon")).status());
        assertEquals(0, api.get("/api/blog_post?filter[title]=private", other.token()).json().path("links").path("total").asInt());
        // the administrator sees everything
        assertEquals(200, api.get("/api/blog_post/" + id, admin.token()).status());

        // guest-readable row (bit 2): visible to guests and others, still not writable by them
        Resp opened = api.patch("/api/blog_post/" + id, owner.token(), Api.resource("blog_post", Json.object().put("permission", 65408 | 2)));
        assertEquals(200, opened.status(), opened.text());
        assertEquals(200, api.get("/api/blog_post/" + id, null).status());
        assertEquals(403, api.patch("/api/blog_post/" + id, other.token(), post("hijack")).status());
        assertEquals(401, api.patch("/api/blog_post/" + id, null, post("hijack")).status());
        assertEquals("private", api.get("/api/blog_post/" + id, owner.token()).json().path("data").path("attributes").path("title").asText());
        // only owner or admin may change permission
        assertEquals(403, api.patch("/api/blog_post/" + id, other.token(),
                Api.resource("blog_post", Json.object().put("permission", 2097151))).status());
    }

    @Test
    void groupMembersReadRowsSharedWithTheirGroup() {
        User owner = api.newUser("GroupOwner");
        User member = api.newUser("Member");
        User outsider = api.newUser("Outsider");
        Resp g = api.post("/api/usergroup", owner.token(), Api.resource("usergroup", Json.object().put("name", "editors")));
        assertEquals(201, g.status(), g.text());
        String groupId = g.json().path("data").path("id").asText();
        Resp add = api.post("/api/usergroup/" + groupId + "/relationships/members", owner.token(),
                "{\"data\":[{\"type\":\"user_account\",\"id\":\"" + member.id() + "\"}]}");
        assertEquals(204, add.status(), add.text());
        assertEquals(404, api.post("/api/usergroup/" + groupId + "/relationships/members", outsider.token(),
                "{\"data\":[{\"type\":\"user_account\",\"id\":\"" + outsider.id() + "\"}]}").status());

        ObjectNode attrs = Json.object().put("title", "team only");
        attrs.putArray("usergroups").add(groupId);
        Resp row = api.post("/api/blog_post", owner.token(), Api.resource("blog_post", attrs));
        assertEquals(201, row.status(), row.text());
        String id = row.json().path("data").path("id").asText();
        assertEquals(groupId, row.json().path("data").path("attributes").path("usergroups").get(0).asText());

        assertEquals(200, api.get("/api/blog_post/" + id, member.token()).status());
        assertEquals(404, api.get("/api/blog_post/" + id, outsider.token()).status());
        assertEquals(1, api.get("/api/blog_post?filter[title]=team%20only", member.token()).json().path("links").path("total").asInt());
        // group has peek+read by default, not update
        assertEquals(403, api.patch("/api/blog_post/" + id, member.token(), post("edit")).status());
    }

    @Test
    void becomeAdministratorWorksOnlyWhileThereIsNone() {
        User late = api.newUser("Late");
        Resp r = api.post("/action/world/become_an_administrator", late.token(), "{}");
        assertEquals(403, r.status(), r.text());
        assertEquals("client.notify", r.json().get(0).path("ResponseType").asText());
        assertEquals(403, api.post("/action/world/become_an_administrator", admin.token(), "{}").status());
        assertEquals(401, api.post("/action/world/become_an_administrator", null, "{}").status());
        assertEquals(403, api.get("/_config", late.token()).status());
        assertEquals(401, api.get("/_config", null).status());
    }

    @Test
    void signInAnswersAsTheSeedSystemDoes() {
        User u = api.newUser("Seed");
        Resp ok = api.signIn(u.email(), u.password());
        JsonNode arr = ok.json();
        assertEquals("client.store.set", arr.get(0).path("ResponseType").asText());
        assertEquals("token", arr.get(0).path("Attributes").path("key").asText());
        assertEquals("client.cookie.set", arr.get(1).path("ResponseType").asText());
        assertTrue(arr.get(1).path("Attributes").path("value").asText().endsWith("; SameSite=Strict"));
        assertEquals("Logged in", arr.get(2).path("Attributes").path("message").asText());
        assertEquals("client.redirect", arr.get(3).path("ResponseType").asText());
        Resp bad = api.signIn(u.email(), "wrong-password");
        assertEquals(400, bad.status());
        assertEquals("Invalid username or password", bad.json().get(0).path("Attributes").path("message").asText());
        // JWT claims named in api.md
        var jwt = com.auth0.jwt.JWT.decode(arr.get(0).path("Attributes").path("value").asText());
        for (String claim : List.of("sub", "email", "name", "iat", "nbf", "exp", "iss", "jti")) {
            assertFalse(jwt.getClaim(claim).isMissing(), claim);
        }
        // the password hash never leaves the server
        Resp me = api.get("/api/user_account/" + u.id(), u.token());
        assertEquals(200, me.status());
        assertFalse(me.json().path("data").path("attributes").has("password"));
    }

    @Test
    void signInIsLockedAfterRepeatedFailures() {
        User u = api.newUser("Locked");
        for (int i = 0; i < 5; i++) assertEquals(400, api.signIn(u.email(), "nope-nope-" + i).status());
        Resp locked = api.signIn(u.email(), u.password());
        assertEquals(429, locked.status(), locked.text());
        assertNotNull(locked.header("Retry-After"));
    }

    @Test
    void signUpRejectsBadInput() {
        assertEquals(400, api.signUp("x", "short@example.com", "short").status());
        Resp mismatch = api.post("/action/user_account/signup", null,
                "{\"attributes\":{\"email\":\"m@example.com\",\"password\":\"abcdefgh\",\"passwordConfirm\":\"abcdefgX\"}}");
        assertEquals(400, mismatch.status());
        User u = api.newUser("Dup");
        assertEquals(409, api.signUp("again", u.email(), "another-password").status());
    }

    @Test
    void hotConfigChangesApplyWithoutRestart() {
        Resp put = api.send("PUT", "/_config/backend/ratelimit.per_second", admin.token(), null, "\"3\"", Map.of());
        assertEquals(200, put.status(), put.text());
        assertEquals(200, api.send("PUT", "/_config/backend/ratelimit.enabled", admin.token(), null, "\"true\"", Map.of()).status());
        try {
            Resp first = api.get("/statistics", null);
            assertEquals("3", first.header("X-RateLimit-Limit"));
            assertNotNull(first.header("X-RateLimit-Remaining"));
            assertNotNull(first.header("X-RateLimit-Reset"));
            int limited = 0;
            for (int i = 0; i < 10; i++) if (api.get("/statistics", null).status() == 429) limited++;
            assertTrue(limited > 0, "some requests must be limited");
        } finally {
            assertEquals(200, api.send("PUT", "/_config/backend/ratelimit.enabled", admin.token(), null, "\"false\"", Map.of()).status());
        }
        Resp cfg = api.get("/_config", admin.token());
        assertEquals("false", cfg.json().path("ratelimit.enabled").asText());
        assertFalse(cfg.text().contains("jwt.secret"));
        assertEquals("\"3\"", api.get("/_config/backend/ratelimit.per_second", admin.token()).text());
        assertEquals(400, api.send("PUT", "/_config/backend/smtp.enable", admin.token(), null, "\"maybe\"", Map.of()).status());
        assertEquals(200, api.send("PUT", "/_config/backend/smtp.enable", admin.token(), null, "\"true\"", Map.of()).status());
        assertEquals("true", ts.server().config().get("smtp.enable"));
        assertEquals(204, api.delete("/_config/backend/smtp.enable", admin.token()).status());
        assertEquals("false", ts.server().config().get("smtp.enable"));
    }

    @Test
    void badInputGetsJsonErrorsAndChangesNothing() {
        User u = api.newUser("Fuzzer");
        int before = api.get("/api/blog_post", admin.token()).json().path("links").path("total").asInt();
        Resp malformed = api.post("/api/blog_post", u.token(), "{\"data\":{\"type\":\"blog_post\",\"attributes\":{\"title\":");
        assertEquals(400, malformed.status());
        assertEquals("400", malformed.json().path("errors").get(0).path("status").asText());
        Resp wrongType = api.send("POST", "/api/blog_post", u.token(), "text/plain", "{}", Map.of());
        assertEquals(415, wrongType.status());
        assertEquals(404, api.get("/api/no_such_table", u.token()).status());
        assertEquals(400, api.post("/api/blog_post", u.token(), Api.resource("blog_post", Json.object().put("nope", 1))).status());
        assertEquals(400, api.post("/api/blog_post", u.token(), Api.resource("blog_post", Json.object().put("views", "many"))).status());
        assertEquals(409, api.post("/api/blog_post", u.token(), Api.resource("other_type", Json.object())).status());
        // SQL-ish strings are only ever values
        Resp sqlish = api.get("/api/blog_post?filter[title]=x'%20OR%20'1'='1", u.token());
        assertEquals(200, sqlish.status());
        assertEquals(0, sqlish.json().path("data").size());
        assertEquals(400, api.get("/api/blog_post?filter[title;drop%20table%20blog_post]=x", u.token()).status());
        assertEquals(400, api.get("/api/blog_post?sort=title;drop", u.token()).status());
        assertEquals(400, api.get("/api/blog_post?query=%5B%7B%22column%22:%22title%22,%22operator%22:%22union%22,%22value%22:1%7D%5D", u.token()).status());
        assertEquals(400, api.get("/api/blog_post?page[size]=abc", u.token()).status());
        // oversized body: 413 as JSON
        String big = "{\"data\":{\"type\":\"blog_post\",\"attributes\":{\"title\":\"" + "x".repeat(11 * 1024 * 1024) + "\"}}}";
        Resp tooBig = api.post("/api/blog_post", u.token(), big);
        assertEquals(413, tooBig.status());
        assertEquals("413", tooBig.json().path("errors").get(0).path("status").asText());
        // nothing was stored by any of it
        assertEquals(before, api.get("/api/blog_post", admin.token()).json().path("links").path("total").asInt());
    }

    @Test
    void invalidTokensAre401NeverGuest() {
        User u = api.newUser("Tok");
        String[] parts = u.token().split("\\.");
        String forgedPayload = Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).replace(u.id(), admin.id())
                        .getBytes(StandardCharsets.UTF_8));
        String forged = parts[0] + "." + forgedPayload + "." + parts[2];
        assertEquals(401, api.get("/api/blog_post", forged).status());
        assertEquals(401, api.get("/api/blog_post", "not-a-jwt").status());
        String otherKey = com.auth0.jwt.JWT.create().withSubject(u.id()).withIssuer("switchboard")
                .withExpiresAt(java.time.Instant.now().plusSeconds(600)).sign(com.auth0.jwt.algorithms.Algorithm.HMAC256("other secret"));
        assertEquals(401, api.get("/api/blog_post", otherKey).status());
        Resp guestWithBadCookie = api.send("GET", "/api/blog_post", null, null, null, Map.of("Cookie", "token=garbage"));
        assertEquals(401, guestWithBadCookie.status());
        assertEquals(401, api.get("/api/blog_post?token=garbage", null).status());
        assertEquals(200, api.get("/api/blog_post?token=" + u.token(), null).status());
        assertEquals(200, api.send("GET", "/api/blog_post", null, null, null, Map.of("Cookie", "token=" + u.token())).status());
    }

    @Test
    void expiredTokenIs401() throws Exception {
        User u = api.newUser("Expired");
        // sign with the server's own secret but an expiry in the past
        String secret = ts.server().database().withConnection(c -> {
            try (var ps = c.prepareStatement("SELECT secret_value FROM server_secret WHERE name = 'jwt.secret'"); var rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        });
        String expired = com.auth0.jwt.JWT.create().withSubject(u.id()).withIssuer("switchboard")
                .withExpiresAt(java.time.Instant.now().minusSeconds(3600)).sign(com.auth0.jwt.algorithms.Algorithm.HMAC256(secret));
        assertEquals(401, api.get("/api/blog_post", expired).status());
        String valid = com.auth0.jwt.JWT.create().withSubject(u.id()).withIssuer("switchboard")
                .withExpiresAt(java.time.Instant.now().plusSeconds(3600)).sign(com.auth0.jwt.algorithms.Algorithm.HMAC256(secret));
        assertEquals(200, api.get("/api/blog_post", valid).status());
    }

    @Test
    void runtimeTableIsUsableAtOnceWithListsSortAndPaging() {
        Resp t = api.createTable(admin.token(), "gadget", "name:label", "price:measurement", "order:label");
        assertEquals(201, t.status(), t.text());
        User u = api.newUser("Maker");
        for (int i = 0; i < 7; i++) {
            Resp r = api.post("/api/gadget", u.token(), Api.resource("gadget", Json.object().put("name", "g" + i).put("price", i * 1.5).put("order", "o" + i)));
            assertEquals(201, r.status(), r.text());
        }
        Resp page = api.get("/api/gadget?page[size]=3&page[number]=2&sort=-price", u.token());
        assertEquals(200, page.status(), page.text());
        JsonNode links = page.json().path("links");
        assertEquals(7, links.path("total").asInt());
        assertEquals(3, links.path("per_page").asInt());
        assertEquals(2, links.path("current_page").asInt());
        assertEquals(3, links.path("last_page").asInt());
        assertTrue(links.path("next_page_url").asText().contains("page%5Bnumber%5D=3"));
        assertTrue(links.path("prev_page_url").asText().contains("page%5Bnumber%5D=1"));
        assertEquals("g3", page.json().path("data").get(0).path("attributes").path("name").asText());
        Resp q = api.get("/api/gadget?query=" + java.net.URLEncoder.encode("[{\"column\":\"price\",\"operator\":\"gte\",\"value\":6}]",
                StandardCharsets.UTF_8), u.token());
        assertEquals(3, q.json().path("links").path("total").asInt(), q.text());
        Resp like = api.get("/api/gadget?query=" + java.net.URLEncoder.encode("[{\"column\":\"name\",\"operator\":\"like\",\"value\":\"g1%\"}]",
                StandardCharsets.UTF_8), u.token());
        assertEquals(1, like.json().path("links").path("total").asInt(), like.text());
        assertEquals(1, api.get("/api/gadget?filter=G5", u.token()).json().path("links").path("total").asInt());
        // discovery
        assertTrue(api.get("/api/world?page[size]=100", u.token()).text().contains("\"gadget\""));
        JsonNode model = api.get("/jsmodel/gadget", u.token()).json();
        assertEquals("measurement", model.path("ColumnModel").path("price").path("ColumnType").asText());
        assertEquals(409, api.createTable(admin.token(), "gadget", "name:label").status());
        assertEquals(403, api.createTable(u.token(), "mine", "name:label").status());
        assertEquals(400, api.createTable(admin.token(), "Bad-Name", "name:label").status());
        assertEquals(400, api.createTable(admin.token(), "bad_column", "x\";drop:label").status());
        JsonNode actions = api.get("/api/action", null).json();
        assertTrue(actions.toString().contains("become_an_administrator"));
    }

    @Test
    void everyWritePublishesOneEventAfterCommit() {
        User u = api.newUser("Evented");
        events.clear();
        String id = api.post("/api/blog_post", u.token(), post("evt")).json().path("data").path("id").asText();
        api.patch("/api/blog_post/" + id, u.token(), Api.resource("blog_post", Json.object().put("title", "evt2")));
        api.delete("/api/blog_post/" + id, u.token());
        api.patch("/api/blog_post/" + id, u.token(), post("gone")); // 404: no event
        List<EntityEvent> mine = events.stream().filter(e -> e.table().equals("blog_post") && e.row().referenceId().equals(id)).toList();
        assertEquals(List.of(EntityEvent.Type.CREATE, EntityEvent.Type.UPDATE, EntityEvent.Type.DELETE),
                mine.stream().map(EntityEvent::type).toList());
        assertEquals("evt", mine.get(1).previous().attributes().get("title"));
        assertEquals("evt2", mine.get(1).row().attributes().get("title"));
        assertEquals(u.id(), mine.get(0).row().owner());
        assertEquals(65408, mine.get(0).row().permission());
        assertEquals(u.id(), mine.get(0).actorId());
        // sign-up publishes a user_account event without the password
        events.clear();
        api.newUser("NewOne");
        EntityEvent created = events.stream().filter(e -> e.table().equals("user_account")).findFirst().orElseThrow();
        assertFalse(created.row().attributes().containsKey("password"));
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        try (Socket s = new Socket("127.0.0.1", ts.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            StringBuilder req = new StringBuilder();
            for (String p : List.of("/health", "/api/nothing_here", "/statistics", "/api/world/not-a-uuid")) {
                req.append("GET ").append(p).append(" HTTP/1.1\r\nHost: x\r\n\r\n");
            }
            out.write(req.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            assertEquals(200, readStatus(in));
            assertEquals(404, readStatus(in));
            assertEquals(200, readStatus(in));
            assertEquals(404, readStatus(in));
        }
    }

    /** Reads one response (status line, headers, Content-Length body) and returns its status. */
    private static int readStatus(InputStream in) throws Exception {
        String status = line(in);
        int length = 0;
        for (String h; !(h = line(in)).isEmpty(); ) {
            if (h.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) length = Integer.parseInt(h.substring(15).trim());
        }
        in.readNBytes(length);
        return Integer.parseInt(status.split(" ")[1]);
    }

    private static String line(InputStream in) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int c; (c = in.read()) != -1 && c != '\n'; ) if (c != '\r') sb.append((char) c);
        return sb.toString();
    }

    @Test
    void responsesAreGzippedWhenAskedAndCarryIds() throws Exception {
        Resp r = api.send("GET", "/api/world?page[size]=50", admin.token(), null, null, Map.of("Accept-Encoding", "gzip"));
        assertEquals("gzip", r.header("Content-Encoding"));
        assertNotNull(r.header("X-Request-Id"));
        assertEquals("Switchboard", r.header("Server"));
        var raw = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(ts.baseUrl() + "/api/world?page[size]=50")).header("Accept-Encoding", "gzip")
                .header("Authorization", "Bearer " + admin.token()).build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        String text = new String(new GZIPInputStream(new ByteArrayInputStream(raw.body())).readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(text.contains("user_account"));
    }

    @Test
    void corsPreflightAndHeaders() {
        Resp pre = api.send("OPTIONS", "/api/blog_post", null, null, null,
                Map.of("Origin", "http://app.example", "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "authorization"));
        assertEquals(204, pre.status());
        assertEquals("http://app.example", pre.header("Access-Control-Allow-Origin"));
        assertTrue(pre.header("Access-Control-Allow-Methods").contains("PATCH"));
        Resp get = api.send("GET", "/statistics", null, null, null, Map.of("Origin", "http://app.example"));
        assertEquals("http://app.example", get.header("Access-Control-Allow-Origin"));
    }

    @Test
    void operationsEndpointsArePublic() {
        JsonNode stats = api.get("/statistics", null).json();
        assertTrue(stats.path("web").path("requests").asLong() > 0);
        assertTrue(stats.path("web").path("connections").has("http"));
        assertTrue(stats.has("db") && stats.has("memory") && stats.has("process") && stats.has("events"));
        String metrics = api.get("/metrics", null).text();
        assertTrue(metrics.contains("switchboard_http_requests_total "));
        assertTrue(metrics.contains("switchboard_connections{protocol=\"http\"}"));
        assertEquals("ok", api.get("/health", null).json().path("status").asText());
        assertEquals(405, api.send("PUT", "/statistics", null, null, null, Map.of()).status());
        assertNull(api.get("/api/world", null).json().path("errors").get(0));
    }

    @Test
    void restartKeepsData() throws Exception {
        User u = api.newUser("Durable");
        String id = api.post("/api/blog_post", u.token(), post("kept")).json().path("data").path("id").asText();
        ts.restart();
        api = ts.api();
        events.clear();
        ts.server().eventBus().subscribe(events::add);
        Resp again = api.get("/api/blog_post/" + id, u.token());
        assertEquals(200, again.status(), again.text());
        assertEquals("kept", again.json().path("data").path("attributes").path("title").asText());
        assertEquals(200, api.signIn(u.email(), u.password()).status());
        assertEquals(200, api.get("/_config", admin.token()).status());
    }
}

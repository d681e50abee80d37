package io.switchboard.feed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.Json;
import io.switchboard.auth.Permission;
import io.switchboard.support.Api;
import io.switchboard.support.Api.Resp;
import io.switchboard.support.Api.User;
import io.switchboard.support.TestServer;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A running server with an administrator and helpers to make item tables, items and feeds. */
final class FeedFixture implements AutoCloseable {
    /** Absolute links in feeds are made from this (config public.url), with a path to keep. */
    static final String PUBLIC_URL = "http://feeds.example.org/site/";
    static final String BASE = "http://feeds.example.org/site";
    /** Owner all, group peek+read, guest peek+read: what guests of a public feed see. */
    static final int GUEST_READABLE = Permission.DEFAULT_ROW | Permission.guest(Permission.Op.PEEK) | Permission.guest(Permission.Op.READ);

    final TestServer ts;
    final Api api;
    final User admin;

    FeedFixture() throws Exception {
        this(TestServer.Db.H2);
    }

    FeedFixture(TestServer.Db db) throws Exception {
        ts = new TestServer(db, Map.of("public.url", PUBLIC_URL));
        api = ts.api();
        admin = api.newUser("Admin");
        Resp r = api.post("/action/world/become_an_administrator", admin.token(), "{}");
        assertEquals(200, r.status(), r.text());
    }

    /** A signed-in user whose display name may be any text (Api.newUser puts the name in the email). */
    User user(String displayName) {
        String email = "u-" + java.util.UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String password = "pw-" + java.util.UUID.randomUUID();
        Resp up = api.signUp(displayName, email, password);
        assertEquals(200, up.status(), up.text());
        Resp in = api.signIn(email, password);
        assertEquals(200, in.status(), in.text());
        String token = in.json().get(0).path("Attributes").path("value").asText();
        return new User(com.auth0.jwt.JWT.decode(token).getSubject(), email, password, token);
    }

    /** An item table with the default mapping's columns: title, description, body (html), link, tags. */
    void itemTable(String name) {
        Resp t = api.createTable(admin.token(), name, "title:label", "description:content", "body:html", "link:url", "tags:label");
        assertEquals(201, t.status(), t.text());
    }

    String item(User owner, String table, ObjectNode attributes) {
        Resp r = api.post("/api/" + table, owner.token(), Api.resource(table, attributes));
        assertEquals(201, r.status(), r.text());
        return r.json().path("data").path("id").asText();
    }

    String item(User owner, String table, String title, int permission) {
        return item(owner, table, Json.object().put("title", title).put("description", "about " + title).put("permission", permission));
    }

    JsonNode feed(User owner, ObjectNode attributes) {
        Resp r = api.post("/api/feed", owner.token(), Api.resource("feed", attributes));
        assertEquals(201, r.status(), r.text());
        return r.json().path("data");
    }

    static String basic(User u) {
        return "Basic " + Base64.getEncoder().encodeToString((u.email() + ":" + u.password()).getBytes(StandardCharsets.UTF_8));
    }

    Resp get(String path, String authorization, Map<String, String> headers) {
        Map<String, String> h = new java.util.HashMap<>(headers);
        if (authorization != null) h.put("Authorization", authorization);
        return api.send("GET", path, null, null, null, h);
    }

    Resp get(String path) {
        return get(path, null, Map.of());
    }

    JsonNode stats() {
        return api.get("/statistics", null).json().path("feed");
    }

    @Override
    public void close() throws Exception {
        ts.close();
    }
}

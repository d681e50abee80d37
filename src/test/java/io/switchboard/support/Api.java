package io.switchboard.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.Json;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/** A small JSON client over the JDK HttpClient for talking to a test server. */
public final class Api {
    /** One answer: status, headers, body (parsed as JSON when it is JSON). */
    public record Resp(int status, java.net.http.HttpHeaders headers, String text) {
        public JsonNode json() {
            return text.isEmpty() ? Json.object() : Json.parse(text);
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    /** A signed-up and signed-in user. */
    public record User(String id, String email, String password, String token) {
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public Api(String base) {
        this.base = base;
    }

    public String base() {
        return base;
    }

    public Resp send(String method, String path, String token, String contentType, String body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (token != null) b.header("Authorization", "Bearer " + token);
        if (contentType != null) b.header("Content-Type", contentType);
        headers.forEach(b::header);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Resp(r.statusCode(), r.headers(), r.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Resp get(String path, String token) {
        return send("GET", path, token, null, null, Map.of());
    }

    public Resp post(String path, String token, Object json) {
        return send("POST", path, token, "application/json", json instanceof String s ? s : Json.string(json), Map.of());
    }

    public Resp patch(String path, String token, Object json) {
        return send("PATCH", path, token, "application/vnd.api+json", json instanceof String s ? s : Json.string(json), Map.of());
    }

    public Resp delete(String path, String token) {
        return send("DELETE", path, token, null, null, Map.of());
    }

    public Resp signUp(String name, String email, String password) {
        ObjectNode attrs = Json.object().put("name", name).put("email", email).put("password", password).put("passwordConfirm", password);
        return post("/action/user_account/signup", null, Json.object().set("attributes", attrs));
    }

    public Resp signIn(String email, String password) {
        ObjectNode attrs = Json.object().put("email", email).put("password", password);
        return post("/action/user_account/signin", null, Json.object().set("attributes", attrs));
    }

    /** Signs up a fresh user and signs in; the token's subject is the user id. */
    public User newUser(String name) {
        String email = name.toLowerCase(java.util.Locale.ROOT) + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String password = "pw-" + UUID.randomUUID();
        Resp up = signUp(name, email, password);
        if (up.status() != 200) throw new IllegalStateException("sign-up failed: " + up.status() + " " + up.text());
        Resp in = signIn(email, password);
        if (in.status() != 200) throw new IllegalStateException("sign-in failed: " + in.status() + " " + in.text());
        String token = in.json().get(0).path("Attributes").path("value").asText();
        String id = com.auth0.jwt.JWT.decode(token).getSubject();
        return new User(id, email, password, token);
    }

    /** Creates a table through POST /api/world; columns as name:ColumnType pairs. */
    public Resp createTable(String adminToken, String table, String... columns) {
        ObjectNode schema = Json.object().put("TableName", table);
        var cols = schema.putArray("Columns");
        for (String c : columns) {
            String[] p = c.split(":");
            cols.addObject().put("Name", p[0]).put("ColumnName", p[0]).put("ColumnType", p[1]).put("IsNullable", true);
        }
        ObjectNode attrs = Json.object().put("table_name", table).put("world_schema_json", Json.string(schema));
        return post("/api/world", adminToken, Json.object().set("data", Json.object().put("type", "world").set("attributes", attrs)));
    }

    public static ObjectNode resource(String type, ObjectNode attributes) {
        return (ObjectNode) Json.object().set("data", Json.object().put("type", type).set("attributes", attributes));
    }
}

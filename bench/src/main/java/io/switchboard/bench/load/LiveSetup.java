package io.switchboard.bench.load;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * {@code setup} mode for Switchboard: signs up (an existing account is fine), signs in, creates the bench
 * topic over {@code /live} with guest read + execute so every user can subscribe, and prints the token.
 */
final class LiveSetup {
    static String run(Args a) throws Exception {
        String base = a.req("base");
        String email = a.str("email", "bench@example.test");
        String password = a.str("password", "bench-password-1");
        String topic = a.str("topic", "bench");
        int permission = a.integer("permission", 16256 | 2 | 32);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        String signup = "{\"attributes\":{\"name\":\"bench\",\"email\":\"" + email + "\",\"password\":\"" + password
                + "\",\"passwordConfirm\":\"" + password + "\"}}";
        HttpResponse<String> r = post(client, base + "/action/user_account/signup", signup);
        System.err.println("signup: " + r.statusCode());
        r = post(client, base + "/action/user_account/signin",
                "{\"attributes\":{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}}");
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException("signin failed: " + r.statusCode() + " " + r.body());
        }
        JsonNode body = LoadMain.JSON.readTree(r.body());
        String token = body.path(0).path("Attributes").path("value").asText(null);
        if (token == null || token.isEmpty()) {
            throw new IllegalStateException("no token in " + r.body());
        }
        CompletableFuture<String> reply = new CompletableFuture<>();
        String wsUrl = base.replaceFirst("^http", "ws") + "/live?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        WebSocket ws = client.newWebSocketBuilder().buildAsync(URI.create(wsUrl), new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                reply.complete(data.toString());
                webSocket.request(1);
                return null;
            }
        }).get(10, TimeUnit.SECONDS);
        ws.sendText("{\"method\":\"create-topicName\",\"attributes\":{\"name\":\"" + topic + "\",\"permission\":"
                + permission + "},\"id\":\"c\"}", true).get(5, TimeUnit.SECONDS);
        String got = reply.get(10, TimeUnit.SECONDS);
        System.err.println("create-topicName: " + got);
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        return token;
    }

    private static HttpResponse<String> post(HttpClient c, String url, String json) throws Exception {
        return c.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}

package io.switchboard.dav;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** A small DAV client over the JDK HttpClient with HTTP Basic credentials (any method name). */
final class Dav {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    record Resp(int status, java.net.http.HttpHeaders headers, String body) {
        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    private final String base;
    private final String auth;

    Dav(String base, String email, String password) {
        this.base = base;
        this.auth = email == null ? null
                : "Basic " + Base64.getEncoder().encodeToString((email + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    Resp send(String method, String path, String body, String... headers) {
        Map<String, String> h = new LinkedHashMap<>();
        for (int i = 0; i + 1 < headers.length; i += 2) h.put(headers[i], headers[i + 1]);
        return send(method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8), h);
    }

    Resp send(String method, String path, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (auth != null) b.header("Authorization", auth);
        headers.forEach(b::header);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
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

    /** GET with the body as bytes (for binary files), optionally with extra headers. */
    HttpResponse<byte[]> getBytes(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60)).GET();
        if (auth != null) b.header("Authorization", auth);
        for (int i = 0; i + 1 < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    Resp propfind(String path, String depth, String body) {
        return send("PROPFIND", path, body, "Depth", depth, "Content-Type", "application/xml");
    }

    Resp put(String path, String body, String contentType, String... extra) {
        String[] h = new String[extra.length + 2];
        h[0] = "Content-Type";
        h[1] = contentType;
        System.arraycopy(extra, 0, h, 2, extra.length);
        return send("PUT", path, body, h);
    }

    Resp report(String path, String depth, String body) {
        return send("REPORT", path, body, "Depth", depth, "Content-Type", "application/xml");
    }
}

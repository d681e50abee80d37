package io.switchboard.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.switchboard.config.Config;
import io.switchboard.config.ConfigKeys;

/** CORS for browser clients, origins from {@code http.cors.origins} (applies live). */
final class Cors {
    private Cors() {
    }

    static boolean allowed(Config config, String origin) {
        String allowed = config.get(ConfigKeys.HTTP_CORS_ORIGINS).trim();
        if (allowed.equals("*")) return true;
        for (String o : allowed.split(",")) {
            if (o.trim().equalsIgnoreCase(origin)) return true;
        }
        return false;
    }

    /** The answer to a preflight request, or null when the request is not one. */
    static ApiResponse preflight(Config config, ApiRequest req) {
        if (!req.method().equals(HttpMethod.OPTIONS)) return null;
        String origin = req.header(HttpHeaderNames.ORIGIN);
        String method = req.header(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD);
        if (origin == null || method == null) return null;
        if (!allowed(config, origin)) return JsonErrors.response(HttpResponseStatus.FORBIDDEN, "origin not allowed");
        ApiResponse r = new ApiResponse(HttpResponseStatus.NO_CONTENT, null, null)
                .header("Access-Control-Allow-Methods", "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS")
                .header("Access-Control-Max-Age", "600");
        String headers = req.header(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS);
        if (headers != null) r.header("Access-Control-Allow-Headers", headers);
        return r;
    }

    static void addHeaders(Config config, ApiRequest req, HttpHeaders h) {
        String origin = req.header(HttpHeaderNames.ORIGIN);
        if (origin == null || !allowed(config, origin)) return;
        // echo the origin (not "*") so credentialed requests (the token cookie) work
        h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
        h.add(HttpHeaderNames.VARY, "Origin");
        h.set(HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS,
                "X-Request-Id, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, ETag, Location");
    }
}

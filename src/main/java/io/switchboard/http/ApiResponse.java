package io.switchboard.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.switchboard.Json;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a handler answers: status, headers and a body already in bytes. */
public final class ApiResponse {
    public static final String JSON = "application/json; charset=utf-8";
    public static final String JSON_API = "application/vnd.api+json";

    private final HttpResponseStatus status;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final byte[] body;

    public ApiResponse(HttpResponseStatus status, String contentType, byte[] body) {
        this.status = status;
        this.body = body == null ? new byte[0] : body;
        if (contentType != null) headers.put("Content-Type", contentType);
    }

    public static ApiResponse json(HttpResponseStatus status, Object value) {
        return new ApiResponse(status, JSON, Json.bytes(value));
    }

    public static ApiResponse jsonApi(HttpResponseStatus status, Object value) {
        return new ApiResponse(status, JSON_API, Json.bytes(value));
    }

    public static ApiResponse ok(Object value) {
        return json(HttpResponseStatus.OK, value);
    }

    public static ApiResponse text(HttpResponseStatus status, String contentType, String text) {
        return new ApiResponse(status, contentType, text.getBytes(StandardCharsets.UTF_8));
    }

    public static ApiResponse noContent() {
        return new ApiResponse(HttpResponseStatus.NO_CONTENT, null, null);
    }

    public ApiResponse header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public HttpResponseStatus status() {
        return status;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public byte[] body() {
        return body;
    }
}

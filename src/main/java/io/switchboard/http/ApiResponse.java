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
    private java.nio.file.Path file;
    private long fileOffset;
    private long fileLength;

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

    /**
     * A response whose body is {@code length} bytes of a file from {@code offset}, sent in chunks
     * from disk rather than held in memory (large DAV downloads).
     */
    public static ApiResponse file(HttpResponseStatus status, String contentType, java.nio.file.Path file, long offset, long length) {
        ApiResponse r = new ApiResponse(status, contentType, null);
        r.file = file;
        r.fileOffset = offset;
        r.fileLength = length;
        return r;
    }

    /** The file of a {@link #file} response, or null. */
    public java.nio.file.Path file() {
        return file;
    }

    public long fileOffset() {
        return fileOffset;
    }

    public long fileLength() {
        return fileLength;
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

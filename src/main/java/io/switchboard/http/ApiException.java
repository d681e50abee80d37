package io.switchboard.http;

import io.netty.handler.codec.http.HttpResponseStatus;

import java.util.Map;

/** A request refused with a status and a JSON:API error body; never carries a stack trace to the client. */
public final class ApiException extends RuntimeException {
    private final HttpResponseStatus status;
    private final Map<String, String> headers;

    public ApiException(HttpResponseStatus status, String detail) {
        this(status, detail, Map.of());
    }

    public ApiException(HttpResponseStatus status, String detail, Map<String, String> headers) {
        super(detail, null, false, false);
        this.status = status;
        this.headers = headers;
    }

    public HttpResponseStatus status() {
        return status;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(HttpResponseStatus.BAD_REQUEST, detail);
    }

    public static ApiException unauthorized(String detail) {
        return new ApiException(HttpResponseStatus.UNAUTHORIZED, detail);
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(HttpResponseStatus.FORBIDDEN, detail);
    }

    public static ApiException notFound(String detail) {
        return new ApiException(HttpResponseStatus.NOT_FOUND, detail);
    }
}

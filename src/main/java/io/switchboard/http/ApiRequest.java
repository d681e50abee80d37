package io.switchboard.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.switchboard.Json;
import io.switchboard.auth.Principal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP request as handlers see it: method, decoded path, query, path parameters, body, the
 * client address, and the caller (resolved on first use, since that may need the database).
 */
public final class ApiRequest {
    private final FullHttpRequest raw;
    private final QueryStringDecoder query;
    private final String clientIp;
    private final String requestId;
    private final Authenticator authenticator;
    private Map<String, String> pathParams = Map.of();
    private byte[] body;
    private Principal principal;

    ApiRequest(FullHttpRequest raw, String clientIp, String requestId, Authenticator authenticator) {
        this.raw = raw;
        // ';' is an ordinary character in our query values (Netty would split on it by default)
        this.query = new QueryStringDecoder(raw.uri(), StandardCharsets.UTF_8, true, 1024, true);
        this.clientIp = clientIp;
        this.requestId = requestId;
        this.authenticator = authenticator;
    }

    void pathParams(Map<String, String> params) {
        this.pathParams = params;
    }

    public HttpMethod method() {
        return raw.method();
    }

    /** The path without the query string, not percent-decoded (segments are decoded by the router). */
    public String path() {
        return query.rawPath();
    }

    public String uri() {
        return raw.uri();
    }

    public String clientIp() {
        return clientIp;
    }

    public String requestId() {
        return requestId;
    }

    public String pathParam(String name) {
        return pathParams.get(name);
    }

    public Map<String, List<String>> queryParams() {
        return query.parameters();
    }

    /** The first value of a query parameter, or null. */
    public String queryParam(String name) {
        List<String> v = query.parameters().get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    public String header(CharSequence name) {
        return raw.headers().get(name);
    }

    public FullHttpRequest raw() {
        return raw;
    }

    public byte[] body() {
        if (body == null) {
            body = new byte[raw.content().readableBytes()];
            raw.content().getBytes(raw.content().readerIndex(), body);
        }
        return body;
    }

    /** The file a streamed upload's body was written to (see {@link StreamedUploads}), or null. */
    public java.nio.file.Path bodyFile() {
        return raw instanceof StreamedRequest s ? s.bodyFile() : null;
    }

    /** The length of a streamed upload's body, or -1 when the body is in memory. */
    public long bodyFileLength() {
        return raw instanceof StreamedRequest s ? s.bodyLength() : -1;
    }

    public String bodyText() {
        return new String(body(), StandardCharsets.UTF_8);
    }

    /** The media type without parameters, lower case; "" when absent. */
    public String mediaType() {
        String ct = header(HttpHeaderNames.CONTENT_TYPE);
        if (ct == null) return "";
        int semi = ct.indexOf(';');
        return (semi >= 0 ? ct.substring(0, semi) : ct).trim().toLowerCase(Locale.ROOT);
    }

    /** The body as JSON for JSON:API writes: 415 for other media types, 400 when malformed. */
    public JsonNode jsonBody() {
        String mt = mediaType();
        if (!mt.equals("application/json") && !mt.equals("application/vnd.api+json")) {
            throw new ApiException(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
                    "send application/json or application/vnd.api+json, not " + (mt.isEmpty() ? "no content type" : mt));
        }
        return parseJson();
    }

    JsonNode parseJson() {
        if (body().length == 0) throw ApiException.badRequest("the request body is empty");
        try {
            return Json.parse(body());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    /** The caller: guest without credentials, 401 for invalid ones. Blocking (may hit the database). */
    public Principal principal() {
        if (principal == null) principal = authenticator.authenticate(this);
        return principal;
    }

    /** The caller, or 401 when there are no credentials. */
    public Principal requireUser() {
        Principal p = principal();
        if (p.isGuest()) throw new ApiException(HttpResponseStatus.UNAUTHORIZED, "sign in first");
        return p;
    }
}

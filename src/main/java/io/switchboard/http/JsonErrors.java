package io.switchboard.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.switchboard.Json;

/** JSON:API error bodies: {@code {"errors":[{"status":"400","title":"...","detail":"..."}]}}. */
public final class JsonErrors {
    private JsonErrors() {
    }

    public static ObjectNode body(HttpResponseStatus status, String detail) {
        ObjectNode root = Json.object();
        ObjectNode e = root.putArray("errors").addObject();
        e.put("status", Integer.toString(status.code()));
        e.put("title", status.reasonPhrase());
        if (detail != null) e.put("detail", detail);
        return root;
    }

    public static ApiResponse response(HttpResponseStatus status, String detail) {
        return ApiResponse.json(status, body(status, detail));
    }
}

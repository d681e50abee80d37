package io.switchboard.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.switchboard.Json;
import io.switchboard.entity.ActionRegistry;
import io.switchboard.entity.ClientInstructions;
import io.switchboard.entity.EntityException;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /action/{type}/{name}}. Bodies may be JSON ({@code {"attributes":{...}}} or the fields
 * at top level), form-encoded, or raw JSON without a content type, as the seed's curl examples send.
 * Failures are answered as a client.notify array, as the seed system does.
 */
public final class ActionRoutes {
    private final ActionRegistry actions;

    public ActionRoutes(ActionRegistry actions) {
        this.actions = actions;
    }

    public void register(Router r) {
        r.post("/action/{type}/{name}", this::run);
    }

    private ApiResponse run(ApiRequest req) throws Exception {
        ActionRegistry.Action action = actions.find(req.pathParam("type"), req.pathParam("name"));
        if (action == null) {
            throw ApiException.notFound("no action " + req.pathParam("name") + " on " + req.pathParam("type"));
        }
        JsonNode attrs = attributes(req);
        ActionRegistry.Result result;
        try {
            result = action.handler().run(new ActionRegistry.Call(req.principal(), attrs, req.clientIp()));
        } catch (EntityException e) {
            ApiResponse r = ApiResponse.json(HttpResponseStatus.valueOf(e.status()), ClientInstructions.error(e.getMessage()));
            if (e.status() == 401) r.header("WWW-Authenticate", "Bearer realm=\"switchboard\"");
            return r;
        }
        ApiResponse r = ApiResponse.json(HttpResponseStatus.valueOf(result.status()), result.instructions());
        result.headers().forEach(r::header);
        return r;
    }

    static JsonNode attributes(ApiRequest req) {
        String mt = req.mediaType();
        // curl -d sends form-encoded by default even when the body is JSON, as the seed's examples do
        boolean looksJson = req.bodyText().stripLeading().startsWith("{");
        if (mt.equals("application/x-www-form-urlencoded") && !looksJson) {
            ObjectNode o = Json.object();
            QueryStringDecoder d = new QueryStringDecoder(req.bodyText(), StandardCharsets.UTF_8, false);
            for (Map.Entry<String, List<String>> e : d.parameters().entrySet()) {
                String k = e.getKey().startsWith("attributes[") && e.getKey().endsWith("]")
                        ? e.getKey().substring(11, e.getKey().length() - 1) : e.getKey();
                o.put(k, e.getValue().isEmpty() ? "" : e.getValue().get(0));
            }
            return o;
        }
        if (!looksJson && !mt.isEmpty() && !mt.equals("application/json") && !mt.equals("application/vnd.api+json") && !mt.equals("text/plain")) {
            throw new ApiException(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "send JSON or form-encoded attributes, not " + mt);
        }
        if (req.body().length == 0) return Json.object();
        JsonNode body = req.parseJson();
        if (!body.isObject()) throw ApiException.badRequest("the body must be a JSON object");
        JsonNode attrs = body.has("attributes") ? body.get("attributes")
                : body.has("data") && body.get("data").has("attributes") ? body.get("data").get("attributes") : body;
        if (!attrs.isObject()) throw ApiException.badRequest("attributes must be a JSON object");
        return attrs;
    }
}

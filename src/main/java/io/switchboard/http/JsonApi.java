package io.switchboard.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.Json;
import io.switchboard.entity.EntityRow;
import io.switchboard.entity.ListQuery;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** JSON:API documents: resources, lists with the seed system's pagination links, and request bodies. */
public final class JsonApi {
    private JsonApi() {
    }

    public static ObjectNode resource(EntityRow row) {
        ObjectNode r = Json.object();
        r.put("type", row.table());
        r.put("id", row.referenceId());
        ObjectNode attrs = r.putObject("attributes");
        attrs.put("__type", row.table());
        for (Map.Entry<String, Object> e : row.attributes().entrySet()) {
            attrs.set(e.getKey(), Json.MAPPER.valueToTree(e.getValue()));
        }
        return r;
    }

    public static ObjectNode single(EntityRow row) {
        ObjectNode doc = Json.object();
        doc.set("data", resource(row));
        return doc;
    }

    public static ObjectNode list(ListQuery.Page page, ApiRequest req) {
        ObjectNode doc = Json.object();
        ArrayNode data = doc.putArray("data");
        for (EntityRow row : page.rows()) data.add(resource(row));
        ObjectNode links = doc.putObject("links");
        links.put("total", page.total());
        links.put("per_page", page.pageSize());
        links.put("current_page", page.pageNumber());
        links.put("last_page", page.lastPage());
        links.put("from", page.rows().isEmpty() ? 0 : (long) (page.pageNumber() - 1) * page.pageSize() + 1);
        links.put("to", (long) (page.pageNumber() - 1) * page.pageSize() + page.rows().size());
        if (page.pageNumber() < page.lastPage()) links.put("next_page_url", pageUrl(req, page.pageNumber() + 1));
        else links.putNull("next_page_url");
        if (page.pageNumber() > 1) links.put("prev_page_url", pageUrl(req, Math.min(page.pageNumber() - 1, (int) page.lastPage())));
        else links.putNull("prev_page_url");
        return doc;
    }

    /** The same list URL with another page number, other parameters kept (except credentials). */
    static String pageUrl(ApiRequest req, int number) {
        StringBuilder sb = new StringBuilder(req.path()).append("?page%5Bnumber%5D=").append(number);
        for (Map.Entry<String, List<String>> e : req.queryParams().entrySet()) {
            if (e.getKey().equals("page[number]") || e.getKey().equals("token")) continue;
            for (String v : e.getValue()) {
                sb.append('&').append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                        .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
            }
        }
        return sb.toString();
    }

    /**
     * The attributes of a JSON:API write: {@code {"data":{"type":..,"attributes":{..}}}}; a bare
     * {@code {"attributes":{..}}} is accepted too. The type, when given, must match the URL.
     */
    public static JsonNode attributesOf(JsonNode body, String expectedType) {
        if (body == null || !body.isObject()) throw ApiException.badRequest("the body must be a JSON object");
        JsonNode data = body.has("data") ? body.get("data") : body;
        if (data == null || !data.isObject()) throw ApiException.badRequest("data must be a JSON object");
        JsonNode type = data.get("type");
        if (type != null && !type.isNull() && !type.asText().equals(expectedType)) {
            throw new ApiException(io.netty.handler.codec.http.HttpResponseStatus.CONFLICT,
                    "data.type " + type.asText() + " does not match " + expectedType);
        }
        JsonNode attrs = data.get("attributes");
        if (attrs == null) throw ApiException.badRequest("data.attributes is required");
        if (!attrs.isObject()) throw ApiException.badRequest("data.attributes must be a JSON object");
        return attrs;
    }
}

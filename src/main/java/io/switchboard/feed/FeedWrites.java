package io.switchboard.feed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.switchboard.Json;
import io.switchboard.auth.Principal;
import io.switchboard.entity.ColumnSpec;
import io.switchboard.entity.EntityException;
import io.switchboard.entity.EntityRow;
import io.switchboard.entity.EntitySchema;
import io.switchboard.entity.EntityStore;
import io.switchboard.entity.ListQuery;
import io.switchboard.http.ApiException;
import io.switchboard.http.ApiRequest;
import io.switchboard.http.ApiResponse;
import io.switchboard.http.JsonApi;
import io.switchboard.http.Router;

import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/feed} and {@code PATCH /api/feed/{id}} ahead of the generic entity routes (the
 * router prefers the literal path): they accept the seed system's {@code limit} for page_size,
 * check the feed name, order, page size and item columns against the item table the caller can
 * see, and fill in the defaults on create. Then the ordinary {@link EntityStore} write runs.
 */
final class FeedWrites {
    private static final List<String> MAPPING_COLUMNS = List.of(FeedTable.ITEM_TITLE, FeedTable.ITEM_SUMMARY,
            FeedTable.ITEM_CONTENT, FeedTable.ITEM_LINK, FeedTable.ITEM_AUTHOR, FeedTable.ITEM_DATE, FeedTable.ITEM_CATEGORIES);

    private final EntityStore store;

    FeedWrites(EntityStore store) {
        this.store = store;
    }

    void register(Router router) {
        router.post("/api/" + FeedTable.NAME, this::create);
        router.patch("/api/" + FeedTable.NAME + "/{id}", this::update);
    }

    private ApiResponse create(ApiRequest req) throws Exception {
        Principal who = req.principal();
        ObjectNode attrs = normalized(JsonApi.attributesOf(req.jsonBody(), FeedTable.NAME));
        if (!who.isGuest()) validate(who, attrs, attrs.path(FeedTable.TABLE_NAME).asText(null));
        for (Map.Entry<String, Object> d : FeedTable.DEFAULTS.entrySet()) {
            if (!attrs.hasNonNull(d.getKey())) attrs.set(d.getKey(), Json.MAPPER.valueToTree(d.getValue()));
        }
        EntityRow row = store.create(who, FeedTable.NAME, attrs);
        return ApiResponse.jsonApi(HttpResponseStatus.CREATED, JsonApi.single(row))
                .header("Location", "/api/" + FeedTable.NAME + "/" + row.referenceId());
    }

    private ApiResponse update(ApiRequest req) throws Exception {
        Principal who = req.principal();
        String id = req.pathParam("id");
        JsonNode body = req.jsonBody();
        JsonNode data = body.path("data");
        if (data.has("id") && !data.get("id").asText().equals(id)) {
            throw new ApiException(HttpResponseStatus.CONFLICT, "data.id does not match the URL");
        }
        ObjectNode attrs = normalized(JsonApi.attributesOf(body, FeedTable.NAME));
        EntityRow current = store.get(who, FeedTable.NAME, id);
        String table = attrs.hasNonNull(FeedTable.TABLE_NAME) ? attrs.get(FeedTable.TABLE_NAME).asText()
                : (String) current.attributes().get(FeedTable.TABLE_NAME);
        validate(who, attrs, table);
        return ApiResponse.jsonApi(HttpResponseStatus.OK, JsonApi.single(store.update(who, FeedTable.NAME, id, attrs)));
    }

    /** A copy with {@code limit} renamed to page_size (page_size wins when both are given). */
    static ObjectNode normalized(JsonNode attributes) {
        ObjectNode attrs = attributes.deepCopy();
        JsonNode limit = attrs.remove(FeedTable.LIMIT_ALIAS);
        if (limit != null && !attrs.has(FeedTable.PAGE_SIZE)) attrs.set(FeedTable.PAGE_SIZE, limit);
        return attrs;
    }

    private void validate(Principal who, ObjectNode attrs, String table) {
        JsonNode name = attrs.get(FeedTable.FEED_NAME);
        if (name != null && (!name.isTextual() || !FeedDefinition.VALID_NAME.matcher(name.asText()).matches())) {
            throw EntityException.badRequest(FeedReplies.BAD_NAME + name.asText());
        }
        JsonNode size = attrs.get(FeedTable.PAGE_SIZE);
        if (size != null && !size.isNull()
                && (!size.canConvertToInt() || !size.isIntegralNumber() && !size.asText().matches("\\d{1,4}")
                || size.asInt() < 1 || size.asInt() > ListQuery.MAX_PAGE_SIZE)) {
            throw EntityException.badRequest(FeedReplies.BAD_PAGE_SIZE + ListQuery.MAX_PAGE_SIZE);
        }
        if (size != null && size.isTextual()) attrs.put(FeedTable.PAGE_SIZE, Integer.parseInt(size.asText()));
        if (table == null || table.isBlank()) return; // the store answers "table_name is required"
        EntitySchema items = store.requireVisibleTable(who, table);
        JsonNode order = attrs.get(FeedTable.ORDER);
        if (order != null && !order.isNull()) {
            for (ListQuery.Sort s : FeedDefinition.parseOrder(order.asText())) requireColumn(items, s.column(), true);
        }
        for (String m : MAPPING_COLUMNS) {
            JsonNode v = attrs.get(m);
            if (v == null || v.isNull() || v.asText().isBlank()) continue;
            if (m.equals(FeedTable.ITEM_AUTHOR) && v.asText().trim().equals("owner")) continue;
            requireColumn(items, v.asText().trim(), false);
        }
    }

    private static void requireColumn(EntitySchema items, String column, boolean sortable) {
        if (!FeedDefinition.hasColumn(items, column)) {
            throw EntityException.badRequest(column + FeedReplies.NO_SUCH_COLUMN + items.tableName());
        }
        ColumnSpec c = items.column(column);
        if (sortable && c != null && !c.kind().comparable()) {
            throw EntityException.badRequest(FeedReplies.BAD_ORDER + column);
        }
    }
}

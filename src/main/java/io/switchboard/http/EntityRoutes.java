package io.switchboard.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.switchboard.Json;
import io.switchboard.entity.ActionRegistry;
import io.switchboard.entity.EntityRow;
import io.switchboard.entity.EntityStore;
import io.switchboard.entity.MembershipService;
import io.switchboard.entity.SchemaService;

import java.util.ArrayList;
import java.util.List;

/** JSON:API CRUD at {@code /api/{type}}, the world table, group members and {@code /api/action}. */
public final class EntityRoutes {
    private final EntityStore store;
    private final SchemaService schemas;
    private final MembershipService memberships;
    private final ActionRegistry actions;

    public EntityRoutes(EntityStore store, SchemaService schemas, MembershipService memberships, ActionRegistry actions) {
        this.store = store;
        this.schemas = schemas;
        this.memberships = memberships;
        this.actions = actions;
    }

    public void register(Router r) {
        r.get("/api/action", this::listActions);
        r.get("/api/{type}", req -> ApiResponse.jsonApi(HttpResponseStatus.OK,
                JsonApi.list(store.list(req.principal(), req.pathParam("type"), ListQueryParser.parse(req)), req)));
        r.get("/api/{type}/{id}", req -> ApiResponse.jsonApi(HttpResponseStatus.OK,
                JsonApi.single(store.get(req.principal(), req.pathParam("type"), req.pathParam("id")))));
        r.post("/api/{type}", this::create);
        r.patch("/api/{type}/{id}", this::update);
        r.delete("/api/{type}/{id}", this::delete);
        r.get("/api/usergroup/{id}/relationships/members", this::listMembers);
        r.post("/api/usergroup/{id}/relationships/members", this::addMembers);
        r.delete("/api/usergroup/{id}/relationships/members", this::removeMembers);
    }

    private ApiResponse create(ApiRequest req) throws Exception {
        String type = req.pathParam("type");
        JsonNode attrs = JsonApi.attributesOf(req.jsonBody(), type);
        EntityRow row = type.equals("world") ? schemas.createTable(req.principal(), attrs) : store.create(req.principal(), type, attrs);
        return ApiResponse.jsonApi(HttpResponseStatus.CREATED, JsonApi.single(row))
                .header("Location", "/api/" + type + "/" + row.referenceId());
    }

    private ApiResponse update(ApiRequest req) throws Exception {
        String type = req.pathParam("type");
        JsonNode body = req.jsonBody();
        JsonNode data = body.path("data");
        if (data.has("id") && !data.get("id").asText().equals(req.pathParam("id"))) {
            throw new ApiException(HttpResponseStatus.CONFLICT, "data.id does not match the URL");
        }
        JsonNode attrs = JsonApi.attributesOf(body, type);
        EntityRow row = type.equals("world")
                ? schemas.updateTable(req.principal(), req.pathParam("id"), attrs)
                : store.update(req.principal(), type, req.pathParam("id"), attrs);
        return ApiResponse.jsonApi(HttpResponseStatus.OK, JsonApi.single(row));
    }

    private ApiResponse delete(ApiRequest req) throws Exception {
        String type = req.pathParam("type");
        if (type.equals("world")) schemas.deleteTable(req.principal(), req.pathParam("id"));
        else store.delete(req.principal(), type, req.pathParam("id"));
        return ApiResponse.noContent();
    }

    private ApiResponse listActions(ApiRequest req) {
        ObjectNode doc = Json.object();
        ArrayNode data = doc.putArray("data");
        for (ActionRegistry.Action a : actions.all()) {
            ObjectNode r = data.addObject();
            r.put("type", "action");
            r.put("id", a.onType() + "." + a.name());
            ObjectNode attrs = r.putObject("attributes");
            attrs.put("action_name", a.name());
            attrs.put("on_type", a.onType());
            ArrayNode fields = attrs.putArray("in_fields");
            for (String f : a.inFields()) fields.addObject().put("ColumnName", f).put("Name", f);
        }
        ObjectNode links = doc.putObject("links");
        links.put("total", data.size());
        links.put("per_page", data.size());
        links.put("current_page", 1);
        links.put("last_page", 1);
        return ApiResponse.jsonApi(HttpResponseStatus.OK, doc);
    }

    private ApiResponse listMembers(ApiRequest req) throws Exception {
        ObjectNode doc = Json.object();
        ArrayNode data = doc.putArray("data");
        for (String u : memberships.members(req.principal(), req.pathParam("id"))) {
            data.addObject().put("type", "user_account").put("id", u);
        }
        return ApiResponse.jsonApi(HttpResponseStatus.OK, doc);
    }

    private ApiResponse addMembers(ApiRequest req) throws Exception {
        memberships.addMembers(req.requireUser(), req.pathParam("id"), linkageIds(req.jsonBody()));
        return ApiResponse.noContent();
    }

    private ApiResponse removeMembers(ApiRequest req) throws Exception {
        memberships.removeMembers(req.requireUser(), req.pathParam("id"), linkageIds(req.jsonBody()));
        return ApiResponse.noContent();
    }

    /** JSON:API relationship linkage: {@code {"data":[{"type":"user_account","id":"..."}]}} (one object accepted). */
    private static List<String> linkageIds(JsonNode body) {
        JsonNode data = body.get("data");
        if (data == null) throw ApiException.badRequest("data is required");
        List<String> ids = new ArrayList<>();
        for (JsonNode d : data.isArray() ? data : Json.array().add(data)) {
            if (!d.isObject() || !d.hasNonNull("id")) throw ApiException.badRequest("each member needs an id");
            if (d.has("type") && !d.get("type").asText().equals("user_account")) {
                throw ApiException.badRequest("members are user_account resources");
            }
            ids.add(EntityStore.requireUuid("id", d.get("id").asText()));
        }
        if (ids.isEmpty() || ids.size() > 1000) throw ApiException.badRequest("1 to 1000 members per request");
        return ids;
    }
}

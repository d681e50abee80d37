package io.switchboard.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.Json;
import io.switchboard.entity.EntityEvent;
import io.switchboard.entity.EntityRow;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * EntityEvent to JSON and back, so another node can publish it into its own router as if local.
 * Attribute values keep their reader types: text as String, integers as Long, fractions as
 * Double, booleans, null, and objects/arrays as JsonNode.
 */
public final class EntityEventCodec {
    private EntityEventCodec() {
    }

    public static String encode(EntityEvent e) {
        ObjectNode o = Json.object();
        o.put("table", e.table());
        o.put("type", e.type().name());
        o.set("row", row(e.row()));
        o.set("previous", row(e.previous()));
        o.put("actor", e.actorId());
        o.put("at", e.at() == null ? null : e.at().toString());
        return Json.string(o);
    }

    public static EntityEvent decode(String json) {
        JsonNode o = Json.parse(json);
        String at = text(o.get("at"));
        return new EntityEvent(o.path("table").asText(), EntityEvent.Type.valueOf(o.path("type").asText()),
                row(o.get("row")), row(o.get("previous")), text(o.get("actor")), at == null ? null : Instant.parse(at));
    }

    private static JsonNode row(EntityRow r) {
        if (r == null) return Json.MAPPER.nullNode();
        ObjectNode o = Json.object();
        o.put("table", r.table());
        o.put("referenceId", r.referenceId());
        o.put("owner", r.owner());
        o.put("permission", r.permission());
        ArrayNode groups = o.putArray("usergroups");
        r.usergroups().forEach(groups::add);
        o.set("attributes", Json.MAPPER.valueToTree(r.attributes()));
        return o;
    }

    private static EntityRow row(JsonNode o) {
        if (o == null || o.isNull()) return null;
        List<String> groups = new ArrayList<>();
        o.path("usergroups").forEach(g -> groups.add(g.asText()));
        Map<String, Object> attrs = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = o.path("attributes").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            attrs.put(f.getKey(), value(f.getValue()));
        }
        return new EntityRow(text(o.get("table")), text(o.get("referenceId")), text(o.get("owner")),
                o.path("permission").asInt(), groups, attrs);
    }

    private static Object value(JsonNode v) {
        if (v == null || v.isNull()) return null;
        if (v.isTextual()) return v.asText();
        if (v.isIntegralNumber()) return v.asLong();
        if (v.isNumber()) return v.asDouble();
        if (v.isBoolean()) return v.asBoolean();
        return v;
    }

    private static String text(JsonNode v) {
        return v == null || v.isNull() ? null : v.asText();
    }
}

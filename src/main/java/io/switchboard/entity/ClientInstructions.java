package io.switchboard.entity;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.Json;

/** Builders for the seed system's client instruction objects ({@code ResponseType} + {@code Attributes}). */
public final class ClientInstructions {
    private ClientInstructions() {
    }

    public static ArrayNode list() {
        return Json.array();
    }

    private static ObjectNode add(ArrayNode list, String type) {
        ObjectNode o = list.addObject();
        o.put("ResponseType", type);
        return o.putObject("Attributes");
    }

    public static ArrayNode notify(ArrayNode list, String type, String title, String message) {
        ObjectNode a = add(list, "client.notify");
        a.put("type", type);
        a.put("title", title);
        a.put("message", message);
        return list;
    }

    public static ArrayNode storeSet(ArrayNode list, String key, String value) {
        ObjectNode a = add(list, "client.store.set");
        a.put("key", key);
        a.put("value", value);
        return list;
    }

    public static ArrayNode cookieSet(ArrayNode list, String key, String value) {
        ObjectNode a = add(list, "client.cookie.set");
        a.put("key", key);
        a.put("value", value);
        return list;
    }

    public static ArrayNode redirect(ArrayNode list, String location, int delayMillis) {
        ObjectNode a = add(list, "client.redirect");
        a.put("location", location);
        a.put("window", "self");
        a.put("delay", delayMillis);
        return list;
    }

    /** A failed action: one error notification. */
    public static ArrayNode error(String message) {
        return notify(list(), "error", "Failed", message);
    }
}

package io.switchboard.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.Json;

/** Every reply and error text of the /live dialect, in one place (live.md "Server → client"). */
final class LiveReplies {
    static final String BAD_JSON = "message is not valid JSON";
    static final String NOT_AN_OBJECT = "message must be a JSON object with a method";
    static final String UNKNOWN_METHOD = "unknown method";
    static final String NO_TOPIC = "topicName is required";
    static final String BINARY = "binary messages are not accepted on /live";
    static final String RATE_LIMITED = "too many messages, slow down";
    static final String TOO_MANY_SUBSCRIPTIONS = "too many subscriptions on one connection";
    /** live.md: the part of the log the client asked for is gone; it should reload. */
    static final String SINCE_TOO_OLD = "too old";
    static final String SINCE_NOT_A_NUMBER = "since must be a sequence number";

    private LiveReplies() {
    }

    static ObjectNode response(String objectType, JsonNode data, JsonNode id) {
        ObjectNode m = Json.object();
        m.put("MessageSource", "system");
        m.put("EventType", "response");
        m.put("ObjectType", objectType);
        m.set("EventData", data == null ? Json.object() : data);
        if (id != null && !id.isNull()) m.set("id", id);
        return m;
    }

    static ObjectNode error(String method, String error, JsonNode id) {
        ObjectNode m = Json.object();
        m.put("MessageSource", "system");
        m.put("EventType", "error");
        m.put("ObjectType", method == null ? "unknown" : method);
        ObjectNode d = m.putObject("EventData");
        d.put("method", method);
        d.put("error", error);
        if (id != null && !id.isNull()) m.set("id", id);
        return m;
    }

    static ObjectNode pong(JsonNode id) {
        ObjectNode m = Json.object();
        m.put("MessageSource", "system");
        m.put("EventType", "pong");
        m.put("ObjectType", "ping");
        m.putObject("EventData");
        if (id != null && !id.isNull()) m.set("id", id);
        return m;
    }

    static ObjectNode topicDestroyed(String topic) {
        ObjectNode m = Json.object();
        m.put("MessageSource", "system");
        m.put("EventType", "topic-destroyed");
        m.put("ObjectType", topic);
        m.putObject("EventData").put("topicName", topic);
        return m;
    }
}

package io.switchboard.ws;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.Json;

import java.time.Instant;

/** Every server message of the /ws dialect except events (ws.md), in one place. */
final class WsMessages {
    static final String INVALID_MESSAGE = "INVALID_MESSAGE";
    static final String UNAUTHORIZED = "UNAUTHORIZED";
    static final String FORBIDDEN = "FORBIDDEN";
    static final String RATE_LIMITED = "RATE_LIMITED";

    private WsMessages() {
    }

    static String now() {
        return Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString();
    }

    static ObjectNode connected(String sessionId, String userId, int heartbeatSeconds) {
        ObjectNode m = Json.object();
        m.put("type", "connected");
        m.put("sessionId", sessionId);
        if (userId == null) m.putNull("userId");
        else m.put("userId", userId);
        m.put("serverTime", now());
        m.put("heartbeatInterval", heartbeatSeconds);
        return m;
    }

    static ObjectNode authenticated(String userId) {
        ObjectNode m = Json.object();
        m.put("type", "authenticated");
        m.put("userId", userId);
        m.put("timestamp", now());
        return m;
    }

    static ObjectNode subscription(String type, String eventType, String contentType) {
        ObjectNode m = Json.object();
        m.put("type", type);
        ObjectNode p = m.putObject("payload");
        p.put("type", eventType);
        if (contentType == null) p.putNull("contentType");
        else p.put("contentType", contentType);
        m.put("eventType", eventType);
        if (contentType != null) m.put("contentType", contentType);
        m.put("timestamp", now());
        return m;
    }

    static ObjectNode heartbeat() {
        ObjectNode m = Json.object();
        m.put("type", "system.heartbeat");
        m.put("timestamp", now());
        return m;
    }

    static ObjectNode error(String code, String message) {
        ObjectNode m = Json.object();
        m.put("type", "error");
        ObjectNode p = m.putObject("payload");
        p.put("code", code);
        p.put("message", message);
        m.put("timestamp", now());
        return m;
    }
}

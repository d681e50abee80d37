package io.switchboard.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.Json;
import io.switchboard.auth.Permission;
import io.switchboard.pubsub.Subscription;
import io.switchboard.pubsub.Topic;
import io.switchboard.pubsub.TopicKind;
import io.switchboard.realtime.Realtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The /live methods (live.md "Client → server"), one small handler each, found by name. They run
 * on the connection's event loop and touch only memory (schemas, topics), never the database.
 */
final class LiveMethods {
    /** One method's handler. */
    @FunctionalInterface
    interface Method {
        void handle(LiveSession s, JsonNode attrs, JsonNode id);
    }

    private static final Map<String, Method> METHODS = Map.of(
            "subscribe", LiveMethods::subscribe,
            "unsubscribe", LiveMethods::unsubscribe,
            "list-topicName", LiveMethods::listTopics,
            "create-topicName", LiveMethods::createTopic,
            "destroy-topicName", LiveMethods::destroyTopic,
            "new-message", LiveMethods::newMessage,
            "ping", (s, attrs, id) -> s.send(LiveReplies.pong(id)));

    private LiveMethods() {
    }

    static void dispatch(LiveSession s, String method, JsonNode attrs, JsonNode id) {
        Method m = METHODS.get(method);
        if (m == null) {
            s.send(LiveReplies.error(method, LiveReplies.UNKNOWN_METHOD + ": " + method, id));
            return;
        }
        m.handle(s, attrs.isObject() ? attrs : Json.object(), id);
    }

    private static List<String> topicNames(JsonNode attrs) {
        List<String> out = new ArrayList<>();
        JsonNode t = attrs.get("topicName");
        if (t == null) return out;
        if (t.isArray()) t.forEach(x -> out.add(x.asText().trim()));
        else for (String n : t.asText().split(",")) if (!n.isBlank()) out.add(n.trim());
        return out;
    }

    private static void subscribe(LiveSession s, JsonNode attrs, JsonNode id) {
        List<String> names = topicNames(attrs);
        if (names.isEmpty()) {
            s.send(LiveReplies.error("subscribe", LiveReplies.NO_TOPIC, id));
            return;
        }
        long since = -1;
        if (attrs.hasNonNull("since")) {
            if (!attrs.get("since").canConvertToLong() || attrs.get("since").asLong() < 0) {
                s.send(LiveReplies.error("subscribe", LiveReplies.SINCE_NOT_A_NUMBER, id));
                return;
            }
            since = attrs.get("since").asLong();
        }
        LiveFilter filter;
        try {
            filter = LiveFilter.of(s.principal, attrs.get("filters"));
        } catch (IllegalArgumentException e) {
            s.send(LiveReplies.error("subscribe", e.getMessage(), id));
            return;
        }
        Realtime rt = s.realtime;
        for (String name : names) {
            Topic custom = rt.router().topic(name);
            boolean table = rt.peekableTable(s.principal, name) != null;
            boolean customOk = custom != null && custom.kind() == TopicKind.CUSTOM && Realtime.mayUseTopic(s.principal, custom, Permission.Op.READ);
            if (!table && !customOk) {
                s.send(LiveReplies.error("subscribe", "no such topic or no permission: " + name, id));
                return;
            }
            if (!s.subscriptions.containsKey(name) && s.subscriptions.size() >= LiveSession.MAX_SUBSCRIPTIONS) {
                s.send(LiveReplies.error("subscribe", LiveReplies.TOO_MANY_SUBSCRIPTIONS, id));
                return;
            }
        }
        ArrayNode done = Json.array();
        List<Subscription> replays = new ArrayList<>();
        for (String name : names) {
            Subscription old = s.subscriptions.remove(name);
            if (old != null) rt.router().unsubscribe(old);
            Subscription sub = rt.router().subscribe(name, s, filter, LiveEncoder.KEY);
            if (sub != null) {
                s.subscriptions.put(name, sub);
                done.add(name);
                if (since >= 0) replays.add(sub);
            }
        }
        ObjectNode data = Json.object();
        data.set("topics", done);
        s.send(LiveReplies.response("subscribe", data, id));
        for (Subscription sub : replays) s.replay(sub, since, filter, id);
    }

    private static void unsubscribe(LiveSession s, JsonNode attrs, JsonNode id) {
        List<String> names = topicNames(attrs);
        if (names.isEmpty()) {
            s.send(LiveReplies.error("unsubscribe", LiveReplies.NO_TOPIC, id));
            return;
        }
        ArrayNode done = Json.array();
        for (String name : names) {
            Subscription sub = s.subscriptions.remove(name);
            if (sub != null) {
                s.realtime.router().unsubscribe(sub);
                done.add(name);
            }
        }
        ObjectNode data = Json.object();
        data.set("topics", done);
        s.send(LiveReplies.response("unsubscribe", data, id));
    }

    private static void listTopics(LiveSession s, JsonNode attrs, JsonNode id) {
        ObjectNode data = Json.object();
        ArrayNode topics = data.putArray("topics");
        s.realtime.visibleTopics(s.principal).forEach(topics::add);
        s.send(LiveReplies.response("topicName-list", data, id));
    }

    private static void createTopic(LiveSession s, JsonNode attrs, JsonNode id) {
        String name = attrs.path("name").asText(attrs.path("topicName").asText(""));
        int permission = attrs.has("permission") ? attrs.get("permission").asInt(-1) : Permission.OWNER_ALL;
        String err = s.realtime.createTopic(s.principal, name, permission);
        if (err != null) {
            s.send(LiveReplies.error("create-topicName", err, id));
            return;
        }
        s.send(LiveReplies.response("create-topicName", Json.object().put("name", name).put("permission", permission), id));
    }

    private static void destroyTopic(LiveSession s, JsonNode attrs, JsonNode id) {
        String name = attrs.path("name").asText(attrs.path("topicName").asText(""));
        String err = s.realtime.destroyTopic(s.principal, name);
        if (err != null) {
            s.send(LiveReplies.error("destroy-topicName", err, id));
            return;
        }
        s.send(LiveReplies.response("destroy-topicName", Json.object().put("name", name), id));
    }

    private static void newMessage(LiveSession s, JsonNode attrs, JsonNode id) {
        String topic = attrs.path("topicName").asText("");
        String err = s.realtime.publishMessage(s.principal, topic, attrs.get("message"));
        if (err != null) {
            s.send(LiveReplies.error("new-message", err, id));
            return;
        }
        s.send(LiveReplies.response("new-message", Json.object().put("topicName", topic), id));
    }
}

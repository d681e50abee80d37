package io.switchboard.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.Json;
import io.switchboard.cluster.ClusterBus;
import io.switchboard.cluster.ClusterEvent;
import io.switchboard.cluster.EntityEventCodec;
import io.switchboard.entity.EntityEvent;
import io.switchboard.net.BlockingExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Realtime topics over the cluster log (issue 10). Every node publishes table changes, client
 * messages and custom-topic changes into its router only when it reads them back from the log, in
 * log order, with the topic number the log gave them: so subscribers on every node see the same
 * events, once, in the same order, with the same EventSeq. A client that reconnects to another
 * node with "since" is served from that node's history or, when that does not reach back far
 * enough, from {@code event_log} ({@link #recover}).
 */
final class ClusterTopics {
    private static final Logger log = LoggerFactory.getLogger(ClusterTopics.class);

    private final Realtime realtime;
    private final ClusterBus bus;
    private final BlockingExecutor blocking;
    private final String nodeId;

    ClusterTopics(Realtime realtime, ClusterBus bus, BlockingExecutor blocking, String nodeId) {
        this.realtime = realtime;
        this.bus = bus;
        this.blocking = blocking;
        this.nodeId = nodeId;
    }

    /**
     * Starts delivering from the log, then loads the custom topics and topic numbers the log
     * already has (in that order, so nothing created meanwhile is missed; applying twice is harmless).
     */
    void start() throws SQLException {
        bus.subscribeAll(this::onEvent);
        for (Map.Entry<String, String> t : bus.state(ClusterEvent.TOPIC).entrySet()) {
            JsonNode o = Json.parse(t.getValue());
            realtime.applyTopicCreated(t.getKey(), text(o.get("owner")), o.path("permission").asInt());
        }
        realtime.knowSeqs(bus.lastTopicSeqs());
    }

    // ---- to the log ----

    void appendMessage(TopicMessage m) {
        ObjectNode o = Json.object();
        o.put("sender", m.senderId());
        o.set("message", m.message());
        o.put("at", m.at().toString());
        bus.publish(ClusterEvent.MESSAGE, m.topic(), Json.string(o));
    }

    void appendTopicCreated(String name, String owner, int permission) {
        ObjectNode o = Json.object();
        o.put("owner", owner);
        o.put("permission", permission);
        bus.publish(ClusterEvent.TOPIC, name, Json.string(o));
    }

    void appendTopicDestroyed(String name) {
        bus.publish(ClusterEvent.TOPIC, name, "");
    }

    // ---- from the log (the bus reader thread, log order) ----

    private void onEvent(ClusterEvent ev) {
        switch (ev.kind()) {
            case ClusterEvent.ENTITY, ClusterEvent.MESSAGE -> {
                for (EventHistory.Entry e : entries(ev)) realtime.deliverNumbered(ev.topic(), e.seq(), e.payload());
            }
            case ClusterEvent.TOPIC -> {
                // this node applied its own create/destroy at once (the client had its answer then)
                if (ev.nodeId().equals(nodeId)) return;
                if (ev.payload().isEmpty()) {
                    realtime.applyTopicDestroyed(ev.topic());
                } else {
                    JsonNode o = Json.parse(ev.payload());
                    realtime.applyTopicCreated(ev.topic(), text(o.get("owner")), o.path("permission").asInt());
                }
            }
            default -> {
                // config, Yjs and other kinds belong to other modules
            }
        }
    }

    /** The realtime events one log row stands for: an entity change (and its published twin) or a message. */
    private static List<EventHistory.Entry> entries(ClusterEvent ev) {
        if (ev.kind().equals(ClusterEvent.MESSAGE)) {
            JsonNode o = Json.parse(ev.payload());
            String at = text(o.get("at"));
            return List.of(new EventHistory.Entry(ev.topicSeq(),
                    new TopicMessage(ev.topic(), text(o.get("sender")), o.get("message"), at == null ? ev.at() : Instant.parse(at))));
        }
        EntityEvent e = EntityEventCodec.decode(ev.payload());
        if (!PublishedEvent.follows(e)) return List.of(new EventHistory.Entry(ev.topicSeq(), e));
        return List.of(new EventHistory.Entry(ev.topicSeq(), e), new EventHistory.Entry(ev.topicSeq() + 1, new PublishedEvent(e)));
    }

    // ---- recovery ----

    /**
     * What a client missed on {@code topic} after {@code since}, read from event_log off the event
     * loop: every event in order, or TooOld when part of it was trimmed or it is more than
     * {@code limit} events (the client should reload).
     */
    CompletableFuture<EventHistory.Replay> recover(String topic, long since, int limit) {
        try {
            return blocking.submit(() -> read(topic, since, limit));
        } catch (RuntimeException busy) {
            return CompletableFuture.failedFuture(busy);
        }
    }

    private EventHistory.Replay read(String topic, long since, int limit) throws SQLException {
        // ">= since": the row numbered since may carry a published twin numbered since + 1
        List<ClusterEvent> rows = bus.readTopic(topic, since - 1, limit + 2);
        List<EventHistory.Entry> out = new ArrayList<>();
        for (ClusterEvent row : rows) {
            for (EventHistory.Entry e : entries(row)) if (e.seq() > since) out.add(e);
        }
        if (out.size() > limit) return new EventHistory.TooOld();
        if (out.isEmpty()) return bus.lastTopicSeq(topic) > since ? new EventHistory.TooOld() : new EventHistory.Events(out);
        if (out.get(0).seq() != since + 1) return new EventHistory.TooOld();
        log.debug("recovered {} events of {} after {} from the event log", out.size(), topic, since);
        return new EventHistory.Events(out);
    }

    private static String text(JsonNode v) {
        return v == null || v.isNull() ? null : v.asText();
    }
}

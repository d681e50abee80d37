package io.switchboard.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.switchboard.Json;
import io.switchboard.entity.EntityEvent;
import io.switchboard.pubsub.EncodingKey;
import io.switchboard.pubsub.EventEncoder;
import io.switchboard.pubsub.PreEncodedFrames;
import io.switchboard.pubsub.RoutedEvent;
import io.switchboard.realtime.AllTablesEvent;
import io.switchboard.realtime.PublishedEvent;
import io.switchboard.realtime.Realtime;

import java.util.Map;
import java.util.Objects;

/**
 * Renders entity changes in the /ws dialect (ws.md), once per event, as a complete WebSocket
 * frame: {@code {"type":"content.updated","payload":{"entryId","contentType","data","userId",
 * "timestamp","seq","diff"},"timestamp"}}.
 */
final class WsEncoder {
    static final EventEncoder ENCODER = WsEncoder::encode;
    static final EncodingKey KEY = EncodingKey.of(ENCODER);

    private WsEncoder() {
    }

    /** The change inside an all-tables wrapper, or the payload itself. */
    static Object unwrap(Object payload) {
        payload = Realtime.eventOf(payload);
        return payload instanceof AllTablesEvent a ? a.change() : payload;
    }

    /** The event type name of a payload, or null when it is not a /ws event. */
    static String typeOf(Object payload) {
        payload = unwrap(payload);
        if (payload instanceof PublishedEvent) return "content.published";
        if (payload instanceof EntityEvent ev) {
            return switch (ev.type()) {
                case CREATE -> "content.created";
                case UPDATE -> "content.updated";
                case DELETE -> "content.deleted";
            };
        }
        return null;
    }

    static EntityEvent change(Object payload) {
        payload = unwrap(payload);
        if (payload instanceof PublishedEvent p) return p.change();
        return payload instanceof EntityEvent ev ? ev : null;
    }

    private static ByteBuf encode(RoutedEvent event, EncodingKey key) {
        ObjectNode m = message(Realtime.seqOf(event), event.payload());
        return PreEncodedFrames.text(ByteBufAllocator.DEFAULT, Unpooled.wrappedBuffer(Json.bytes(m)));
    }

    /** The /ws message of one change delivered (or replayed) with this topic seq. */
    static ObjectNode message(long topicSeq, Object payload) {
        EntityEvent ev = change(payload);
        ObjectNode m = Json.object();
        m.put("type", typeOf(payload));
        ObjectNode p = m.putObject("payload");
        p.put("entryId", ev.row().referenceId());
        p.put("contentType", ev.table());
        if (ev.type() != EntityEvent.Type.DELETE) p.set("data", Json.MAPPER.valueToTree(ev.row().attributes()));
        if (ev.actorId() == null) p.putNull("userId");
        else p.put("userId", ev.actorId());
        String at = ev.at().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString();
        p.put("timestamp", at);
        // seq counts per content type (ws.md), whichever topic delivered the event
        p.put("seq", payload instanceof AllTablesEvent a ? a.tableSeq() : topicSeq);
        if (ev.type() == EntityEvent.Type.UPDATE && ev.previous() != null && !(unwrap(payload) instanceof PublishedEvent)) {
            ObjectNode diff = p.putObject("diff");
            for (Map.Entry<String, Object> e : ev.row().attributes().entrySet()) {
                if (e.getKey().equals("updated_at")) continue;
                Object before = ev.previous().attributes().get(e.getKey());
                if (!Objects.equals(before, e.getValue())) {
                    ObjectNode d = diff.putObject(e.getKey());
                    d.set("from", Json.MAPPER.<JsonNode>valueToTree(before));
                    d.set("to", Json.MAPPER.<JsonNode>valueToTree(e.getValue()));
                }
            }
        }
        m.put("timestamp", at);
        return m;
    }
}

package io.switchboard.live;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.switchboard.Json;
import io.switchboard.entity.EntityEvent;
import io.switchboard.pubsub.EncodingKey;
import io.switchboard.pubsub.EventEncoder;
import io.switchboard.pubsub.PreEncodedFrames;
import io.switchboard.pubsub.RoutedEvent;
import io.switchboard.realtime.Realtime;
import io.switchboard.realtime.TopicMessage;

import java.util.Map;

/**
 * Renders routed events in the /live dialect (seed 000, live.md), once per event, as a complete
 * WebSocket text frame shared by every subscriber:
 * {@code {"MessageSource":"database","EventType":"create","ObjectType":"user_account","EventData":{...,"__type":...},"EventSeq":n}}.
 * Every reader sees the same row (no column-level permissions), so one view serves all.
 */
final class LiveEncoder {
    static final EventEncoder ENCODER = LiveEncoder::encode;
    static final EncodingKey KEY = EncodingKey.of(ENCODER);

    private LiveEncoder() {
    }

    static ObjectNode message(RoutedEvent event) {
        return message(Realtime.seqOf(event), Realtime.eventOf(event.payload()));
    }

    /** The /live message of one event, or null for payloads this dialect does not show. */
    static ObjectNode message(long seq, Object payload) {
        ObjectNode m = Json.object();
        if (payload instanceof EntityEvent ev) {
            m.put("MessageSource", "database");
            m.put("EventType", ev.type().wireName());
            m.put("ObjectType", ev.table());
            ObjectNode data = m.putObject("EventData");
            data.put("__type", ev.table());
            for (Map.Entry<String, Object> e : ev.row().attributes().entrySet()) {
                data.set(e.getKey(), Json.MAPPER.valueToTree(e.getValue()));
            }
        } else if (payload instanceof TopicMessage tm) {
            m.put("MessageSource", tm.senderId() == null ? "guest" : tm.senderId());
            m.put("EventType", "new-message");
            m.put("ObjectType", tm.topic());
            m.set("EventData", tm.message());
        } else {
            return null;
        }
        m.put("EventSeq", seq);
        return m;
    }

    private static ByteBuf encode(RoutedEvent event, EncodingKey key) {
        ObjectNode m = message(event);
        byte[] json = Json.bytes(m == null ? Json.object() : m);
        return PreEncodedFrames.text(ByteBufAllocator.DEFAULT, io.netty.buffer.Unpooled.wrappedBuffer(json));
    }
}

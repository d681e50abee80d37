package io.switchboard.cluster;

import io.switchboard.Json;
import io.switchboard.entity.EntityEvent;
import io.switchboard.entity.EntityRow;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Entity events cross nodes as JSON and come back with the attribute types readers expect. */
class EntityEventCodecTest {
    @Test
    void anUpdateEventRoundTripsWithItsAttributeTypesOwnerGroupsAndPreviousRow() {
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("title", "hello");
        attrs.put("views", 7L);
        attrs.put("ratio", 2.5);
        attrs.put("done", true);
        attrs.put("missing", null);
        attrs.put("meta", Json.parse("{\"k\":[1,\"x\"]}"));
        EntityRow row = new EntityRow("document", "r-1", "u-1", 65408 | 2, List.of("g-1", "g-2"), attrs);
        EntityRow prev = new EntityRow("document", "r-1", "u-1", 65408, List.of(), Map.of("title", "before"));
        EntityEvent ev = new EntityEvent("document", EntityEvent.Type.UPDATE, row, prev, "u-9", Instant.parse("2026-11-22T21:00:00.123Z"));

        EntityEvent back = EntityEventCodec.decode(EntityEventCodec.encode(ev));

        assertEquals(ev, back);
        assertEquals(Long.class, back.row().attributes().get("views").getClass());
        assertEquals(Double.class, back.row().attributes().get("ratio").getClass());
    }

    @Test
    void aCreateEventWithoutPreviousRowOrActorRoundTrips() {
        EntityRow row = new EntityRow("note", "r-2", null, 0, List.of(), Map.of("n", 1L));
        EntityEvent ev = new EntityEvent("note", EntityEvent.Type.CREATE, row, null, null, Instant.EPOCH);
        EntityEvent back = EntityEventCodec.decode(EntityEventCodec.encode(ev));
        assertEquals(ev, back);
        assertNull(back.previous());
    }
}

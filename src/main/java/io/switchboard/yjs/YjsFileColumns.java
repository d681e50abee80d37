package io.switchboard.yjs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.entity.ColumnKind;
import io.switchboard.entity.ColumnSpec;
import io.switchboard.entity.EntityEvent;
import io.switchboard.entity.EntityRow;
import io.switchboard.entity.EntitySchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code file.*} columns that hold a Yjs entry ({@code {"name":"doc.yjs","type":"x-crdt/yjs",
 * "contents":"<base64 update>"}}, yjs.md): writing one seeds the row's document with that state;
 * reading the row shows the document's current merged state in the same form.
 */
final class YjsFileColumns {
    static final String TYPE = "x-crdt/yjs";
    private static final Logger log = LoggerFactory.getLogger(YjsFileColumns.class);

    private final YjsRooms rooms;

    YjsFileColumns(YjsRooms rooms) {
        this.rooms = rooms;
    }

    private static boolean isYjs(JsonNode entry) {
        return entry.isObject() && TYPE.equals(entry.path("type").asText());
    }

    /** The update inside an entry's contents, accepting an optional "x-crdt/yjs," prefix. */
    static byte[] contents(JsonNode entry) {
        String c = entry.path("contents").asText("");
        if (c.startsWith(TYPE + ",")) c = c.substring(TYPE.length() + 1);
        return Base64.getDecoder().decode(c.trim());
    }

    /** After a committed create or update: seed each Yjs entry's document (merging is idempotent). */
    void onEvent(EntitySchema schema, EntityEvent ev) {
        if (ev.type() == EntityEvent.Type.DELETE) return;
        for (ColumnSpec col : schema.columns().values()) {
            if (col.kind() != ColumnKind.FILE) continue;
            Object v = ev.row().attributes().get(col.name());
            if (!(v instanceof JsonNode files) || !files.isArray()) continue;
            for (JsonNode f : files) {
                if (!isYjs(f) || !f.hasNonNull("contents")) continue;
                try {
                    byte[] update = contents(f);
                    YUpdates.validate(update);
                    rooms.applyFromServer(YjsRoute.roomName(ev.table(), ev.row().referenceId(), col.name()), update);
                } catch (IllegalArgumentException | MalformedUpdateException e) {
                    log.warn("{}.{} of {}: not a Yjs update, document not seeded ({})", ev.table(), col.name(), ev.row().referenceId(), e.getMessage());
                }
            }
        }
    }

    /** The row with each Yjs entry's contents replaced by the document's current state. Blocking. */
    EntityRow view(EntitySchema schema, EntityRow row) {
        Map<String, Object> attrs = null;
        for (ColumnSpec col : schema.columns().values()) {
            if (col.kind() != ColumnKind.FILE) continue;
            Object v = row.attributes().get(col.name());
            if (!(v instanceof JsonNode files) || !files.isArray()) continue;
            boolean any = false;
            for (JsonNode f : files) any |= isYjs(f);
            if (!any) continue;
            ArrayNode copy = ((ArrayNode) files).deepCopy();
            for (JsonNode f : copy) {
                if (!isYjs(f)) continue;
                try {
                    List<byte[]> stored = rooms.store().load(YjsRoute.roomName(row.table(), row.referenceId(), col.name()));
                    if (!stored.isEmpty()) ((ObjectNode) f).put("contents", Base64.getEncoder().encodeToString(YUpdates.merge(stored)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            if (attrs == null) attrs = new LinkedHashMap<>(row.attributes());
            attrs.put(col.name(), copy);
        }
        return attrs == null ? row : new EntityRow(row.table(), row.referenceId(), row.owner(), row.permission(), row.usergroups(), attrs);
    }
}

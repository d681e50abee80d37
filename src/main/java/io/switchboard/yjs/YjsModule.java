package io.switchboard.yjs;

import io.switchboard.Module;
import io.switchboard.Server;
import io.switchboard.config.ConfigKeys;
import io.switchboard.entity.ColumnKind;
import io.switchboard.entity.ColumnSpec;
import io.switchboard.entity.EntityEvent;
import io.switchboard.entity.EntitySchema;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Yjs collaborative editing: the y-websocket endpoints, durable documents under
 * {@code yjs.storage.path}, and row clean-up (deleting a row deletes its documents).
 */
public final class YjsModule implements Module {
    private YjsDocumentStore store;
    private YjsRooms rooms;

    @Override
    public String name() {
        return "yjs";
    }

    @Override
    public void start(Server server) {
        store = new YjsDocumentStore(() -> storagePath(server), () -> server.config().get(ConfigKeys.YJS_FSYNC));
        rooms = new YjsRooms(server.loops().workers(), server.blocking(), store,
                () -> server.config().getLong(ConfigKeys.YJS_MAX_DOCUMENT), () -> server.config().getInt(ConfigKeys.YJS_MAX_MESSAGE));
        server.http().addWebSocketRoute(new YjsRoute(server, rooms));
        YjsFileColumns files = new YjsFileColumns(rooms);
        server.store().addReadHook(files::view);
        server.eventBus().subscribe(ev -> {
            EntitySchema schema = server.store().registry().find(ev.table());
            if (schema == null) return;
            if (ev.type() != EntityEvent.Type.DELETE) {
                files.onEvent(schema, ev);
                return;
            }
            for (ColumnSpec c : schema.columns().values()) {
                if (c.kind() == ColumnKind.FILE) rooms.delete(YjsRoute.roomName(ev.table(), ev.row().referenceId(), c.name()));
            }
        });
        server.stats().register("yjs", () -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("enabled", server.config().getBoolean(ConfigKeys.YJS_ENABLED));
            m.put("loaded_documents", rooms.loadedRooms());
            m.put("updates_applied", rooms.stats().updates.sum());
            m.put("updates_refused_read_only", rooms.stats().refusedReadOnly.sum());
            m.put("fsync", server.config().get(ConfigKeys.YJS_FSYNC));
            return m;
        });
    }

    static Path storagePath(Server server) {
        String p = server.config().get(ConfigKeys.YJS_STORAGE_PATH).trim();
        return p.isEmpty() ? server.dataDir().resolve("yjs-documents") : Path.of(p);
    }

    @Override
    public void stop() {
        if (store != null) store.close();
    }
}

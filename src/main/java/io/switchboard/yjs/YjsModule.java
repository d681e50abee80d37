package io.switchboard.yjs;

import io.switchboard.Module;
import io.switchboard.Server;
import io.switchboard.cluster.ClusterBus;
import io.switchboard.cluster.ClusterEvent;
import io.switchboard.cluster.ClusterModule;
import io.switchboard.config.ConfigKeys;
import io.switchboard.entity.ColumnKind;
import io.switchboard.entity.ColumnSpec;
import io.switchboard.entity.EntityEvent;
import io.switchboard.entity.EntitySchema;

import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Yjs collaborative editing: the y-websocket endpoints, durable documents, and row clean-up
 * (deleting a row deletes its documents). On one node documents are files under
 * {@code yjs.storage.path}; when the cluster bus is on (several nodes on one PostgreSQL) they are
 * rows of {@code yjs_update} that every node shares, and each update applied on a node is published
 * on the bus ({@link ClusterEvent#YJS}) so the peers of the same room on other nodes get it at once.
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
        Optional<ClusterBus> bus = server.module(ClusterModule.class).clusterBus();
        store = bus.isPresent()
                ? new YjsDatabaseStore(server.database())
                : new YjsFileStore(() -> storagePath(server), () -> server.config().get(ConfigKeys.YJS_FSYNC));
        rooms = new YjsRooms(server.loops().workers(), server.blocking(), store,
                () -> server.config().getLong(ConfigKeys.YJS_MAX_DOCUMENT), () -> server.config().getInt(ConfigKeys.YJS_MAX_MESSAGE));
        bus.ifPresent(b -> {
            Base64.Encoder b64 = Base64.getEncoder();
            rooms.publishTo((topic, update) -> b.publish(ClusterEvent.YJS, topic, b64.encodeToString(update)));
            b.subscribe(ev -> {
                if (!ClusterEvent.YJS.equals(ev.kind())) return; // the bus hands every kind to every subscriber
                rooms.applyRemote(ev.topic(), Base64.getDecoder().decode(ev.payload()));
            });
        });
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
            m.put("updates_from_other_nodes", rooms.stats().remoteUpdates.sum());
            m.put("storage", bus.isPresent() ? "database (shared by the cluster)" : "files");
            m.put("fsync", bus.isPresent() ? "commit" : server.config().get(ConfigKeys.YJS_FSYNC));
            return m;
        });
    }

    /** The loaded rooms (tests in this package). */
    YjsRooms rooms() {
        return rooms;
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

package io.switchboard.cluster;

import io.switchboard.Module;
import io.switchboard.Server;
import io.switchboard.config.ConfigKeys;
import io.switchboard.entity.EntityEvent;
import io.switchboard.store.SqlDialect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;

/**
 * Several nodes over one PostgreSQL (issue 10). Committed entity events and /_config changes of
 * this node go to the {@link ClusterBus}; other nodes' events come back from it and are published
 * into this node's local event bus (so the realtime router, caches and listeners see them as if
 * local) or applied to this node's config. A thread-local flag marks that replay so it is not
 * sent to the bus again. On H2 (embedded, one process) the bus stays off and the start log says so.
 */
public final class ClusterModule implements Module {
    private static final Logger log = LoggerFactory.getLogger(ClusterModule.class);
    /** Heartbeat period: membership in /statistics ages by it. */
    static final long HEARTBEAT_SECONDS = 5;
    /** Running modules by node id, for tests in this package. */
    private static final Map<String, ClusterModule> RUNNING = new ConcurrentHashMap<>();

    private final ThreadLocal<Boolean> replaying = ThreadLocal.withInitial(() -> false);
    /** How many topic numbers an entity event takes (realtime gives a "published" twin its own). */
    private volatile ToIntFunction<EntityEvent> entityNumbers = ev -> 1;
    private PgClusterBus bus;
    private Server server;
    private ScheduledFuture<?> heartbeat;

    @Override
    public String name() {
        return "cluster";
    }

    @Override
    public void start(Server server) throws SQLException {
        this.server = server;
        String setting = server.config().get(ConfigKeys.CLUSTER_ENABLED).trim();
        boolean pg = server.database().dialect() == SqlDialect.POSTGRESQL;
        boolean wanted = setting.isEmpty() ? pg : Boolean.parseBoolean(setting);
        if (!wanted || !pg) {
            if (!pg) log.info("cluster bus off: the embedded H2 database is single-node; run several nodes on PostgreSQL");
            if (wanted) log.warn("cluster.enabled=true is ignored on H2: every node needs one shared PostgreSQL");
            server.stats().register("cluster", () -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("enabled", false);
                m.put("node_id", server.nodeId());
                m.put("reason", pg ? "cluster.enabled=false" : "H2 embedded database: single node");
                return m;
            });
            return;
        }
        bus = new PgClusterBus(server.nodeId(), server.database(), server.config().get(ConfigKeys.DB_URL).trim(),
                server.config().get(ConfigKeys.DB_USER), server.config().get(ConfigKeys.DB_PASSWORD),
                () -> server.config().getLong(ConfigKeys.CLUSTER_EVENT_LOG_HOURS),
                () -> server.config().getLong(ConfigKeys.CLUSTER_EVENT_LOG_MAX_ROWS));
        bus.subscribe(this::apply);
        server.eventBus().subscribe(ev -> {
            if (!replaying.get()) bus.publish(ClusterEvent.ENTITY, ev.table(), EntityEventCodec.encode(ev), entityNumbers.applyAsInt(ev));
        });
        server.config().addListener((key, value) -> {
            if (!replaying.get()) bus.publish(ClusterEvent.CONFIG, "_config", key);
        });
        server.stats().register("cluster", bus::stats);
        bus.start();
        heartbeat = server.loops().workers().next().scheduleAtFixedRate(
                () -> server.blocking().execute(bus::heartbeat), 0, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
        RUNNING.put(server.nodeId(), this);
        log.info("cluster bus on: node {} shares events over PostgreSQL LISTEN/NOTIFY", server.nodeId());
    }

    /** Another node's event, on the bus reader thread, in log order. */
    private void apply(ClusterEvent ev) {
        replaying.set(true);
        try {
            switch (ev.kind()) {
                case ClusterEvent.ENTITY -> {
                    EntityEvent e = EntityEventCodec.decode(ev.payload());
                    if (e.table().equals("world")) followSchemaChange(e);
                    server.eventBus().publish(e);
                }
                case ClusterEvent.CONFIG -> reloadConfigKey(ev.payload());
                default -> log.debug("cluster event kind {} has no handler here (event {})", ev.kind(), ev.id());
            }
        } finally {
            replaying.set(false);
        }
    }

    /**
     * A table was created, changed or dropped on another node: the DDL is already in the shared
     * database, so re-read the world rows (or forget the dropped table) before the event fans out.
     */
    private void followSchemaChange(EntityEvent e) {
        try {
            if (e.type() == EntityEvent.Type.DELETE) {
                Object table = e.row().attributes().get("table_name");
                if (table instanceof String t) server.store().registry().remove(t);
            } else {
                server.schemas().reload();
            }
        } catch (SQLException ex) {
            log.warn("cannot follow a table change made on another node: {}", ex.getMessage());
        }
    }

    /** The stored layer is shared: read the key's current stored value and apply it here. */
    private void reloadConfigKey(String key) {
        try {
            String value = server.storedConfig().loadAll().get(key);
            if (value == null) server.config().removeStored(key);
            else server.config().setStored(key, value);
        } catch (SQLException e) {
            log.warn("cannot reload config key {} changed on another node: {}", key, e.getMessage());
        }
    }

    /**
     * Whether the calling thread is handing another node's event to this node's listeners. A listener
     * whose reaction writes to the shared database (IMAP giving a mail row changed through the API its
     * mod-sequence) does that only on the node where the change was made.
     */
    public boolean replayingRemoteEvent() {
        return replaying.get();
    }

    PgClusterBus bus() {
        return bus;
    }

    /**
     * The bus for other modules that share their own kinds of events across nodes (Yjs updates,
     * custom-topic messages), or empty on a single node. Subscribers see every kind and keep theirs.
     */
    public java.util.Optional<ClusterBus> clusterBus() {
        return java.util.Optional.ofNullable(bus);
    }

    /**
     * Sets how many consecutive topic numbers each entity event takes in the log; the realtime
     * module numbers an update that publishes a row twice (the update and its "published" twin).
     */
    public void numberEntityEvents(ToIntFunction<EntityEvent> numbers) {
        this.entityNumbers = numbers;
    }

    static ClusterModule running(String nodeId) {
        return RUNNING.get(nodeId);
    }

    @Override
    public void stop() {
        if (heartbeat != null) heartbeat.cancel(false);
        if (bus != null) {
            RUNNING.remove(server.nodeId(), this);
            bus.close();
        }
    }
}

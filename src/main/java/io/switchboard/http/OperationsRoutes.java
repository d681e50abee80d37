package io.switchboard.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.switchboard.Json;
import io.switchboard.entity.ActionRegistry;
import io.switchboard.entity.ColumnSpec;
import io.switchboard.entity.EntitySchema;
import io.switchboard.entity.EntityStore;
import io.switchboard.entity.EventBus;
import io.switchboard.net.ConnectionStats;
import io.switchboard.net.RateMeter;
import io.switchboard.net.StatsRegistry;
import io.switchboard.store.Database;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.OperatingSystemMXBean;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.Map;

/** {@code /statistics}, {@code /metrics} (Prometheus text), {@code /health} and {@code /jsmodel/{type}}. */
public final class OperationsRoutes {
    /** Node facts shown by /statistics. */
    public record NodeInfo(String nodeId, Instant startedAt, String transport) {
    }

    private final NodeInfo node;
    private final ConnectionStats connections;
    private final RequestStats requests;
    private final EventBus bus;
    private final RateMeter eventRate;
    private final Database db;
    private final StatsRegistry extra;
    private final EntityStore store;
    private final ActionRegistry actions;

    public OperationsRoutes(NodeInfo node, ConnectionStats connections, RequestStats requests, EventBus bus, RateMeter eventRate,
                            Database db, StatsRegistry extra, EntityStore store, ActionRegistry actions) {
        this.node = node;
        this.connections = connections;
        this.requests = requests;
        this.bus = bus;
        this.eventRate = eventRate;
        this.db = db;
        this.extra = extra;
        this.store = store;
        this.actions = actions;
    }

    public void register(Router r) {
        r.add(HttpMethod.GET, "/statistics", Router.Mode.EVENT_LOOP, req -> ApiResponse.ok(statistics()));
        r.add(HttpMethod.GET, "/metrics", Router.Mode.EVENT_LOOP, req ->
                ApiResponse.text(HttpResponseStatus.OK, "text/plain; version=0.0.4; charset=utf-8", metrics()));
        r.get("/health", req -> health());
        r.get("/jsmodel/{type}", this::jsModel);
    }

    ObjectNode statistics() {
        ObjectNode root = Json.object();
        ObjectNode n = root.putObject("node");
        n.put("id", node.nodeId());
        n.put("started_at", node.startedAt().toString());
        n.put("uptime_seconds", uptimeSeconds());
        n.put("transport", node.transport());
        ObjectNode web = root.putObject("web");
        requests.snapshot().forEach(web::put);
        web.set("connections", Json.MAPPER.valueToTree(connections.openByProtocol()));
        web.set("connections_total", Json.MAPPER.valueToTree(connections.totalByProtocol()));
        ObjectNode events = root.putObject("events");
        events.put("published", bus.publishedCount());
        events.put("per_second", Math.round(eventRate.perSecond() * 10) / 10.0);
        ObjectNode dbn = root.putObject("db");
        dbn.put("dialect", db.dialect().name().toLowerCase(java.util.Locale.ROOT));
        dbn.put("pool_active", db.activeConnections());
        dbn.put("pool_idle", db.idleConnections());
        dbn.put("pool_total", db.totalConnections());
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        ObjectNode m = root.putObject("memory");
        m.put("heap_used", mem.getHeapMemoryUsage().getUsed());
        m.put("heap_committed", mem.getHeapMemoryUsage().getCommitted());
        m.put("heap_max", mem.getHeapMemoryUsage().getMax());
        m.put("non_heap_used", mem.getNonHeapMemoryUsage().getUsed());
        m.put("netty_direct_used", PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory());
        ObjectNode p = root.putObject("process");
        p.put("pid", ProcessHandle.current().pid());
        p.put("uptime_seconds", uptimeSeconds());
        p.put("threads", Thread.activeCount());
        p.put("available_processors", Runtime.getRuntime().availableProcessors());
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        p.put("load_average", os.getSystemLoadAverage());
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            p.put("cpu_seconds", sun.getProcessCpuTime() / 1e9);
        }
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            p.put("open_files", unix.getOpenFileDescriptorCount());
            p.put("max_files", unix.getMaxFileDescriptorCount());
        }
        for (Map.Entry<String, Object> e : extra.snapshot().entrySet()) root.set(e.getKey(), Json.MAPPER.valueToTree(e.getValue()));
        return root;
    }

    private long uptimeSeconds() {
        return java.time.Duration.between(node.startedAt(), Instant.now()).toSeconds();
    }

    String metrics() {
        StringBuilder sb = new StringBuilder(2048);
        counter(sb, "switchboard_http_requests_total", "HTTP requests answered", requests.requests());
        sb.append("# HELP switchboard_http_responses_total HTTP responses by status class\n# TYPE switchboard_http_responses_total counter\n");
        for (Map.Entry<String, Long> e : requests.snapshot().entrySet()) {
            if (e.getKey().startsWith("status_")) {
                sb.append("switchboard_http_responses_total{class=\"").append(e.getKey().substring(7)).append("\"} ").append(e.getValue()).append('\n');
            }
        }
        sb.append("# HELP switchboard_connections Open connections per protocol\n# TYPE switchboard_connections gauge\n");
        connections.openByProtocol().forEach((k, v) -> sb.append("switchboard_connections{protocol=\"").append(k).append("\"} ").append(v).append('\n'));
        counter(sb, "switchboard_events_published_total", "Entity change events published", bus.publishedCount());
        gauge(sb, "switchboard_heap_used_bytes", "JVM heap in use", ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        gauge(sb, "switchboard_db_pool_active", "Database connections in use", db.activeConnections());
        gauge(sb, "switchboard_uptime_seconds", "Seconds since start", uptimeSeconds());
        return sb.toString();
    }

    private static void counter(StringBuilder sb, String name, String help, long v) {
        sb.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name).append(" counter\n")
                .append(name).append(' ').append(v).append('\n');
    }

    private static void gauge(StringBuilder sb, String name, String help, long v) {
        sb.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name).append(" gauge\n")
                .append(name).append(' ').append(v).append('\n');
    }

    private ApiResponse health() {
        try {
            db.withConnection(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT 1")) {
                    ps.executeQuery().close();
                }
                return null;
            });
            ObjectNode ok = Json.object().put("status", "ok").put("db", "ok");
            return ApiResponse.ok(ok);
        } catch (Exception e) {
            ObjectNode bad = Json.object().put("status", "degraded").put("db", "unreachable");
            return ApiResponse.json(HttpResponseStatus.SERVICE_UNAVAILABLE, bad);
        }
    }

    private ApiResponse jsModel(ApiRequest req) {
        String type = req.pathParam("type");
        if (type.endsWith(".js")) type = type.substring(0, type.length() - 3);
        EntitySchema schema = store.requireVisibleTable(req.principal(), type);
        ObjectNode root = Json.object();
        ObjectNode cols = root.putObject("ColumnModel");
        addStandard(cols, "reference_id", "label", "varchar(36)");
        addStandard(cols, "permission", "measurement", "int");
        addStandard(cols, "owner", "label", "varchar(36)");
        addStandard(cols, "created_at", "datetime", "timestamp");
        addStandard(cols, "updated_at", "datetime", "timestamp");
        for (ColumnSpec c : schema.columns().values()) {
            if (c.columnType().equals("password")) continue;
            ObjectNode o = cols.putObject(c.name());
            o.put("ColumnName", c.name());
            o.put("ColumnType", c.columnType());
            o.put("DataType", c.dataType().isEmpty() ? c.sqlType(db.dialect()).toLowerCase(java.util.Locale.ROOT) : c.dataType());
            o.put("IsNullable", c.nullable());
            o.put("IsUnique", c.unique());
        }
        ArrayNode acts = root.putArray("Actions");
        for (ActionRegistry.Action a : actions.all()) {
            if (!a.onType().equals(type)) continue;
            ObjectNode o = acts.addObject();
            o.put("Name", a.name());
            o.put("OnType", a.onType());
            ArrayNode f = o.putArray("InFields");
            a.inFields().forEach(f::add);
        }
        root.put("IsStateMachineEnabled", false);
        return ApiResponse.ok(root);
    }

    private static void addStandard(ObjectNode cols, String name, String type, String dataType) {
        cols.putObject(name).put("ColumnName", name).put("ColumnType", type).put("DataType", dataType)
                .put("IsNullable", !name.equals("reference_id")).put("IsUnique", name.equals("reference_id"));
    }
}

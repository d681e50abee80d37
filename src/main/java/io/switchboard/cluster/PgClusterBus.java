package io.switchboard.cluster;

import io.switchboard.store.Database;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The cluster bus on PostgreSQL: one writer thread appends events to {@code event_log} in
 * batches and NOTIFYs the channel; one reader thread on its own JDBC connection (outside the
 * Hikari pool) does LISTEN and, on every notification, reads the rows after the last id it has
 * seen. The notification carries no payload, so NOTIFY's 8,000-byte limit never applies.
 *
 * <p>Order and exactly-once: writers hold a transaction-scoped advisory lock while they take ids
 * and commit, so ids become visible in increasing order; the reader keeps the last id it handled
 * and only ever reads after it. When the LISTEN connection is lost the reader reconnects and the
 * same "after last id" read catches up on everything written meanwhile.
 */
public final class PgClusterBus implements ClusterBus {
    private static final Logger log = LoggerFactory.getLogger(PgClusterBus.class);
    /** Events one writer transaction takes from the queue. */
    private static final int WRITE_BATCH = 256;
    /** Rows one catch-up read fetches. */
    private static final int READ_BATCH = 500;
    /** How long the reader waits for a notification before reading anyway (a safety net). */
    private static final int LISTEN_WAIT_MS = 500;
    private static final String HEARTBEAT = "h|";
    /** Events waiting for the writer; beyond this (database unreachable for long) new events are dropped and counted. */
    static final int QUEUE_LIMIT = 100_000;

    private record Pending(String kind, String topic, String payload, int seqCount) {
    }

    private final String nodeId;
    private final Database db;
    private final String url;
    private final Properties props;
    private final String channel;
    private final LongSupplier retentionHours;
    private final LongSupplier maxRows;
    private final List<Consumer<ClusterEvent>> handlers = new CopyOnWriteArrayList<>();
    private final List<Consumer<ClusterEvent>> orderedHandlers = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>(QUEUE_LIMIT);
    private final AtomicLong dropped = new AtomicLong();
    private final Map<String, Instant> heartbeats = new ConcurrentHashMap<>();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong caughtUp = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong trimmed = new AtomicLong();
    private final AtomicLong writeFailures = new AtomicLong();
    private final Thread writer;
    private final Thread reader;
    private volatile long lastSeenId;
    private volatile long lastLagMs = -1;
    private volatile boolean connected;
    private volatile boolean running = true;
    private volatile boolean holdReconnects;
    private volatile Connection listenConnection;
    private volatile Instant lastTrim = Instant.EPOCH;

    public PgClusterBus(String nodeId, Database db, String url, String user, String password, LongSupplier retentionHours,
                        LongSupplier maxRows) throws SQLException {
        this.nodeId = nodeId;
        this.db = db;
        this.url = url;
        this.retentionHours = retentionHours;
        this.maxRows = maxRows;
        this.props = new Properties();
        if (!user.isEmpty()) props.setProperty("user", user);
        if (!password.isEmpty()) props.setProperty("password", password);
        props.setProperty("ApplicationName", listenerApplicationName(nodeId));
        // one channel per schema: several deployments (or test suites) may share one database
        this.channel = db.withConnection(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT current_schema()")) {
                rs.next();
                return "sb_events_" + rs.getString(1);
            }
        });
        this.lastSeenId = db.withConnection(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(id), 0) FROM event_log")) {
                rs.next();
                return rs.getLong(1);
            }
        });
        this.writer = new Thread(this::writeLoop, "sb-cluster-writer");
        this.reader = new Thread(this::readLoop, "sb-cluster-listen");
        writer.setDaemon(true);
        reader.setDaemon(true);
    }

    /** The application_name of a node's LISTEN connection (visible in pg_stat_activity). */
    public static String listenerApplicationName(String nodeId) {
        String n = "switchboard-listen-" + nodeId;
        return n.length() > 63 ? n.substring(0, 63) : n;
    }

    public void start() {
        writer.start();
        reader.start();
    }

    @Override
    public void publish(String kind, String topic, String payload) {
        publish(kind, topic, payload, 1);
    }

    @Override
    public void publish(String kind, String topic, String payload, int seqCount) {
        if (seqCount < 1) throw new IllegalArgumentException("seqCount " + seqCount);
        if (!queue.offer(new Pending(kind, topic, payload, seqCount)) && dropped.getAndIncrement() % 10_000 == 0) {
            log.error("cluster bus queue full ({} events): other nodes miss events (database unreachable?)", QUEUE_LIMIT);
        }
    }

    @Override
    public void subscribe(Consumer<ClusterEvent> handler) {
        handlers.add(handler);
    }

    @Override
    public void subscribeAll(Consumer<ClusterEvent> handler) {
        orderedHandlers.add(handler);
    }

    @Override
    public List<ClusterEvent> readTopic(String topic, long afterSeq, int limit) throws SQLException {
        return db.withConnection(c -> {
            List<ClusterEvent> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, node_id, kind, topic, topic_seq, payload, created_at FROM event_log "
                            + "WHERE topic = ? AND topic_seq > ? AND kind IN ('" + String.join("','", ClusterEvent.NUMBERED_KINDS)
                            + "') ORDER BY topic_seq LIMIT ?")) {
                ps.setString(1, topic);
                ps.setLong(2, afterSeq);
                ps.setInt(3, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(event(rs));
                }
            }
            return out;
        });
    }

    @Override
    public long lastTopicSeq(String topic) throws SQLException {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT seq FROM event_topic_seq WHERE topic = ?")) {
                ps.setString(1, topic);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0L;
                }
            }
        });
    }

    @Override
    public Map<String, Long> lastTopicSeqs() throws SQLException {
        return db.withConnection(c -> {
            Map<String, Long> out = new java.util.HashMap<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT topic, seq FROM event_topic_seq")) {
                while (rs.next()) {
                    if (rs.getString(1).indexOf('|') < 0) out.put(rs.getString(1), rs.getLong(2));
                }
            }
            return out;
        });
    }

    @Override
    public Map<String, String> state(String kind) throws SQLException {
        return db.withConnection(c -> {
            Map<String, String> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT topic, payload FROM cluster_state WHERE kind = ? ORDER BY topic")) {
                ps.setString(1, kind);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.put(rs.getString(1), rs.getString(2));
                }
            }
            return out;
        });
    }

    /**
     * The key under which a row takes its topic sequence number: realtime topics (tables and custom
     * topics) share one counter per name, every other kind counts apart ("yjs|room"), so a Yjs room
     * or a config key named like a table never leaves a gap in that table's event numbers.
     */
    static String seqKey(String kind, String topic) {
        return ClusterEvent.NUMBERED_KINDS.contains(kind) ? topic : kind + "|" + topic;
    }

    /** Tells every node (including this one) that this node is alive; lost heartbeats do not matter. */
    public void heartbeat() {
        try {
            db.withConnection(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
                    ps.setString(1, channel);
                    ps.setString(2, HEARTBEAT + nodeId);
                    ps.execute();
                }
                return null;
            });
        } catch (SQLException e) {
            log.debug("cluster heartbeat failed: {}", e.getMessage());
        }
    }

    /**
     * Deletes log rows older than cluster.event_log.hours, then the oldest rows beyond
     * cluster.event_log.max_rows (0 = no size limit); returns how many. Clients whose "since" falls
     * in the trimmed part get "too old".
     */
    public int trim() throws SQLException {
        Instant cutoff = Instant.now().minus(Duration.ofHours(Math.max(0, retentionHours.getAsLong())));
        long keep = maxRows.getAsLong();
        int n = db.withConnection(c -> {
            int deleted;
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM event_log WHERE created_at < ?")) {
                ps.setTimestamp(1, Timestamp.from(cutoff));
                deleted = ps.executeUpdate();
            }
            if (keep > 0) {
                // ids are dense enough: the row keep-th from the end bounds what stays (one index probe)
                try (PreparedStatement ps = c.prepareStatement(
                        "DELETE FROM event_log WHERE id < (SELECT id FROM event_log ORDER BY id DESC OFFSET ? LIMIT 1)")) {
                    ps.setLong(1, keep - 1);
                    deleted += ps.executeUpdate();
                }
            }
            return deleted;
        });
        trimmed.addAndGet(n);
        lastTrim = Instant.now();
        return n;
    }

    /** While true, a lost LISTEN connection is not re-opened (lets tests write during the gap). */
    void holdReconnects(boolean hold) {
        this.holdReconnects = hold;
    }

    boolean connected() {
        return connected;
    }

    long caughtUpCount() {
        return caughtUp.get();
    }

    long reconnectCount() {
        return reconnects.get();
    }

    // ---- writer ----

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>();
        long backoff = 50;
        while (running || !queue.isEmpty() || !batch.isEmpty()) {
            try {
                if (batch.isEmpty()) {
                    Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                    if (first == null) continue;
                    batch.add(first);
                    queue.drainTo(batch, WRITE_BATCH - 1);
                }
                append(batch);
                published.addAndGet(batch.size());
                batch.clear();
                backoff = 50;
            } catch (InterruptedException e) {
                if (!running) break;
            } catch (SQLException e) {
                writeFailures.incrementAndGet();
                log.warn("cluster bus cannot append {} events (will retry): {}", batch.size(), e.getMessage());
                if (!running) break;
                sleep(backoff);
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
        if (!batch.isEmpty() || !queue.isEmpty()) {
            log.warn("cluster bus stopped with {} events not written", batch.size() + queue.size());
        }
    }

    private void append(List<Pending> batch) throws SQLException {
        db.inTransaction(c -> {
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
                lock.setString(1, channel);
                lock.execute();
            }
            try (PreparedStatement seq = c.prepareStatement(
                    "INSERT INTO event_topic_seq (topic, seq) VALUES (?, ?) "
                            + "ON CONFLICT (topic) DO UPDATE SET seq = event_topic_seq.seq + EXCLUDED.seq RETURNING seq");
                 PreparedStatement ins = c.prepareStatement(
                         "INSERT INTO event_log (node_id, kind, topic, topic_seq, payload, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                Timestamp now = Timestamp.from(Instant.now());
                // one counter update per topic of the batch (not per event), then number in batch order
                Map<String, Long> needed = new LinkedHashMap<>();
                for (Pending p : batch) needed.merge(seqKey(p.kind(), p.topic()), (long) p.seqCount(), Long::sum);
                Map<String, Long> next = new java.util.HashMap<>();
                for (Map.Entry<String, Long> e : needed.entrySet()) {
                    seq.setString(1, e.getKey());
                    seq.setLong(2, e.getValue());
                    try (ResultSet rs = seq.executeQuery()) {
                        rs.next();
                        next.put(e.getKey(), rs.getLong(1) - e.getValue() + 1);
                    }
                }
                for (Pending p : batch) {
                    String key = seqKey(p.kind(), p.topic());
                    // the row takes the first of its seqCount numbers
                    long topicSeq = next.get(key);
                    next.put(key, topicSeq + p.seqCount());
                    if (ClusterEvent.STATE_KINDS.contains(p.kind())) keepState(c, p);
                    ins.setString(1, nodeId);
                    ins.setString(2, p.kind());
                    ins.setString(3, p.topic());
                    ins.setLong(4, topicSeq);
                    ins.setString(5, p.payload());
                    ins.setTimestamp(6, now);
                    ins.addBatch();
                }
                ins.executeBatch();
            }
            try (PreparedStatement n = c.prepareStatement("SELECT pg_notify(?, ?)")) {
                n.setString(1, channel);
                n.setString(2, "e|" + nodeId);
                n.execute();
            }
            return null;
        });
    }

    /** Stateful kinds keep their latest payload per topic in cluster_state (an empty payload removes it). */
    private static void keepState(Connection c, Pending p) throws SQLException {
        String sql = p.payload().isEmpty()
                ? "DELETE FROM cluster_state WHERE kind = ? AND topic = ?"
                : "INSERT INTO cluster_state (kind, topic, payload) VALUES (?, ?, ?) "
                        + "ON CONFLICT (kind, topic) DO UPDATE SET payload = EXCLUDED.payload";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, p.kind());
            ps.setString(2, p.topic());
            if (!p.payload().isEmpty()) ps.setString(3, p.payload());
            ps.executeUpdate();
        }
    }

    // ---- reader ----

    private void readLoop() {
        long backoff = 50;
        boolean lostBefore = false;
        while (running) {
            try (Connection c = DriverManager.getConnection(url, props)) {
                listenConnection = c;
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN \"" + channel.replace("\"", "\"\"") + "\"");
                }
                connected = true;
                backoff = 50;
                // catch-up: everything committed while we were not listening
                int n = readAfterLastSeen(c);
                if (lostBefore) {
                    caughtUp.addAndGet(n);
                    if (n > 0) log.info("cluster bus caught up {} events after reconnecting", n);
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] ns = pg.getNotifications(LISTEN_WAIT_MS);
                    if (ns != null) {
                        for (PGNotification note : ns) {
                            String p = note.getParameter();
                            if (p != null && p.startsWith(HEARTBEAT)) heartbeats.put(p.substring(HEARTBEAT.length()), Instant.now());
                        }
                    }
                    if (!running) break;
                    readAfterLastSeen(c);
                    maybeTrim();
                }
            } catch (SQLException | RuntimeException e) {
                connected = false;
                listenConnection = null;
                if (!running) break;
                lostBefore = true;
                reconnects.incrementAndGet();
                log.warn("cluster bus lost its LISTEN connection, reconnecting: {}", e.getMessage());
                for (int i = 0; holdReconnects && running && i < 6_000; i++) sleep(10);
                sleep(backoff);
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
        connected = false;
    }

    private int readAfterLastSeen(Connection c) throws SQLException {
        int total = 0;
        while (true) {
            int n = 0;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, node_id, kind, topic, topic_seq, payload, created_at FROM event_log WHERE id > ? ORDER BY id LIMIT " + READ_BATCH)) {
                ps.setLong(1, lastSeenId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        n++;
                        ClusterEvent ev = event(rs);
                        lastSeenId = ev.id();
                        heartbeats.merge(ev.nodeId(), ev.at(), (a, b) -> a.isAfter(b) ? a : b);
                        boolean own = ev.nodeId().equals(nodeId);
                        if (!own) {
                            received.incrementAndGet();
                            lastLagMs = Math.max(0, Duration.between(ev.at(), Instant.now()).toMillis());
                            handle(handlers, ev);
                        }
                        handle(orderedHandlers, ev);
                    }
                }
            }
            total += n;
            if (n < READ_BATCH) return total;
        }
    }

    private static ClusterEvent event(ResultSet rs) throws SQLException {
        return new ClusterEvent(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getLong(5), rs.getString(6), rs.getTimestamp(7).toInstant());
    }

    private static void handle(List<Consumer<ClusterEvent>> hs, ClusterEvent ev) {
        for (Consumer<ClusterEvent> h : hs) {
            try {
                h.accept(ev);
            } catch (RuntimeException e) {
                log.warn("cluster event handler failed for event {} ({} {})", ev.id(), ev.kind(), ev.topic(), e);
            }
        }
    }

    private void maybeTrim() {
        if (Duration.between(lastTrim, Instant.now()).toMinutes() < 1) return;
        try {
            int n = trim();
            if (n > 0) log.info("cluster bus trimmed {} old events", n);
        } catch (SQLException e) {
            log.warn("cluster bus cannot trim event_log: {}", e.getMessage());
        }
    }

    @Override
    public Map<String, Object> stats() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("enabled", true);
        m.put("node_id", nodeId);
        m.put("transport", "postgresql-listen-notify");
        m.put("channel", channel);
        m.put("listening", connected);
        m.put("last_event_id", lastSeenId);
        m.put("events_published", published.get());
        m.put("events_received", received.get());
        m.put("events_queued", queue.size());
        m.put("events_dropped", dropped.get());
        m.put("events_caught_up", caughtUp.get());
        m.put("listen_reconnects", reconnects.get());
        m.put("write_failures", writeFailures.get());
        m.put("events_trimmed", trimmed.get());
        m.put("lag_ms", lastLagMs);
        Map<String, Object> nodes = new TreeMap<>();
        heartbeats.forEach((id, at) -> nodes.put(id, Map.of("last_heartbeat", at.toString(),
                "seconds_ago", Duration.between(at, Instant.now()).toSeconds())));
        m.put("nodes", nodes);
        return m;
    }

    @Override
    public void close() {
        running = false;
        reader.interrupt();
        join(reader);
        join(writer); // the writer drains what is queued, then sees running == false

    }

    private static void join(Thread t) {
        try {
            t.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

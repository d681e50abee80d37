package io.switchboard.site;

import io.switchboard.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * The per-user storage quota of the shared site storage: one tally of bytes per user and a limit
 * (the user's own {@code storage_quota.limit_bytes}, else the configured default; 0 = no limit).
 * Any protocol that writes site files uses the same four calls, so FTP and DAV share one tally:
 * <ul>
 * <li>{@link #usage} before a write, to refuse at once when nothing is left;</li>
 * <li>{@link #tryCharge} as bytes are written: refused (nothing charged) when they would cross the limit;</li>
 * <li>{@link #refund} when bytes are freed (a deletion, a replaced file, a failed upload's charge).</li>
 * </ul>
 * The tally follows the ProFTPD "quota tally" model: it counts what the user's own operations added
 * and freed (deleting someone else's file in a shared site frees it from the deleter's tally), so no
 * per-file owner record is written on the upload path. Files that were in a site before this table
 * existed are not counted.
 * <p>
 * Charges are decided in memory (one small lock per user) and written to {@code storage_quota}
 * behind the callers, as deltas, by one flush at a time on {@code executor}: every change made while
 * a flush runs goes into the next one, so thousands of small uploads cost a few UPDATEs, not one each.
 * The tally is bookkeeping, not file data: a crash loses at most the deltas of the flush in flight.
 * A node reads a user's row once and then keeps its own tally; other nodes' deltas reach the row but
 * not this node's copy until it restarts (several nodes serving one user can overshoot by what the
 * others wrote meanwhile).
 * <p>
 * {@link #usage}, {@link #tryCharge} and {@link #setLimit} may read the database: call them off the
 * event loops.
 */
public final class StorageQuota {
    private static final Logger log = LoggerFactory.getLogger(StorageQuota.class);

    /** What a user has used and may use; {@code limit} 0 means no limit. */
    public record Usage(long used, long limit) {
        public boolean unlimited() {
            return limit <= 0;
        }

        /** Bytes left before the limit (Long.MAX_VALUE without one). */
        public long remaining() {
            return unlimited() ? Long.MAX_VALUE : Math.max(0, limit - used);
        }
    }

    /** One user's tally on this node; guarded by itself. */
    private static final class Tally {
        long used;
        Long ownLimit;
        long unflushed;
    }

    private final Database db;
    private final Executor executor;
    private final LongSupplier defaultLimit;
    private final Map<String, Tally> tallies = new ConcurrentHashMap<>();
    private final AtomicBoolean flushing = new AtomicBoolean();

    /**
     * @param executor     where the write-behind flush runs (a blocking pool; a delayed one spaces the flushes out)
     * @param defaultLimit the limit of users without their own, read at every check (so a config change applies at once)
     */
    public StorageQuota(Database db, Executor executor, LongSupplier defaultLimit) {
        this.db = db;
        this.executor = executor;
        this.defaultLimit = defaultLimit;
    }

    /** The user's usage and limit now. */
    public Usage usage(String userId) throws SQLException {
        Tally t = tally(userId);
        synchronized (t) {
            return new Usage(t.used, limitOf(t));
        }
    }

    /**
     * Adds {@code bytes} to the user's tally unless that would take it over the limit; false (and
     * nothing charged) when it would.
     */
    public boolean tryCharge(String userId, long bytes) throws SQLException {
        if (bytes <= 0) return true;
        Tally t = tally(userId);
        synchronized (t) {
            long limit = limitOf(t);
            if (limit > 0 && t.used + bytes > limit) return false;
            t.used += bytes;
            t.unflushed += bytes;
        }
        scheduleFlush();
        return true;
    }

    /** Takes {@code bytes} off the user's tally (never below zero). */
    public void refund(String userId, long bytes) {
        if (bytes <= 0 || userId == null) return;
        Tally t = tallies.get(userId);
        if (t == null) {
            // not loaded on this node: the delta still has to reach the row
            try {
                t = tally(userId);
            } catch (SQLException e) {
                log.warn("storage quota: could not load the tally of {} to refund {} bytes: {}", userId, bytes, e.toString());
                return;
            }
        }
        synchronized (t) {
            long freed = Math.min(bytes, t.used);
            t.used -= freed;
            t.unflushed -= freed;
        }
        scheduleFlush();
    }

    /** Sets the user's own limit: null = the configured default, 0 = none. */
    public void setLimit(String userId, Long limitBytes) throws SQLException {
        Tally t = tally(userId);
        flush();
        db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE storage_quota SET limit_bytes = ? WHERE user_id = ?")) {
                if (limitBytes == null) ps.setNull(1, java.sql.Types.BIGINT);
                else ps.setLong(1, limitBytes);
                ps.setString(2, userId);
                if (ps.executeUpdate() == 0) insert(c, userId, limitBytes, 0);
            }
            return null;
        });
        synchronized (t) {
            t.ownLimit = limitBytes;
        }
    }

    /** Writes every unflushed delta now (at shutdown; tests). */
    public void flush() {
        while (!flushing.compareAndSet(false, true)) Thread.onSpinWait();
        try {
            writeDeltas();
        } finally {
            flushing.set(false);
        }
    }

    private long limitOf(Tally t) {
        return t.ownLimit != null ? t.ownLimit : Math.max(0, defaultLimit.getAsLong());
    }

    private Tally tally(String userId) throws SQLException {
        Tally t = tallies.get(userId);
        if (t != null) return t;
        Tally loaded = new Tally();
        db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT limit_bytes, used_bytes FROM storage_quota WHERE user_id = ?")) {
                ps.setString(1, userId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        long limit = rs.getLong(1);
                        loaded.ownLimit = rs.wasNull() ? null : limit;
                        loaded.used = rs.getLong(2);
                    }
                }
            }
            return null;
        });
        Tally raced = tallies.putIfAbsent(userId, loaded);
        return raced != null ? raced : loaded;
    }

    private void scheduleFlush() {
        if (!flushing.compareAndSet(false, true)) return;   // the running flush picks the change up
        try {
            executor.execute(() -> {
                try {
                    writeDeltas();
                } finally {
                    flushing.set(false);
                }
                // a change that arrived after writeDeltas looked, while the flag was still set
                if (hasUnflushed()) scheduleFlush();
            });
        } catch (RuntimeException e) {
            // executor full: the next change (or shutdown) flushes
            flushing.set(false);
        }
    }

    private boolean hasUnflushed() {
        for (Tally t : tallies.values()) {
            synchronized (t) {
                if (t.unflushed != 0) return true;
            }
        }
        return false;
    }

    private void writeDeltas() {
        for (Map.Entry<String, Tally> e : tallies.entrySet()) {
            long delta;
            Tally t = e.getValue();
            synchronized (t) {
                delta = t.unflushed;
                t.unflushed = 0;
            }
            if (delta == 0) continue;
            try {
                db.withConnection(c -> {
                    try (PreparedStatement ps = c.prepareStatement(
                            "UPDATE storage_quota SET used_bytes = CASE WHEN used_bytes + ? < 0 THEN 0 ELSE used_bytes + ? END WHERE user_id = ?")) {
                        ps.setLong(1, delta);
                        ps.setLong(2, delta);
                        ps.setString(3, e.getKey());
                        if (ps.executeUpdate() == 0) insert(c, e.getKey(), null, Math.max(0, delta));
                    }
                    return null;
                });
            } catch (SQLException ex) {
                synchronized (t) {
                    t.unflushed += delta;   // try again with the next flush
                }
                log.warn("storage quota: could not write the tally of {}: {}", e.getKey(), ex.toString());
            }
        }
    }

    private static void insert(java.sql.Connection c, String userId, Long limit, long used) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO storage_quota (user_id, limit_bytes, used_bytes) VALUES (?, ?, ?)")) {
            ps.setString(1, userId);
            if (limit == null) ps.setNull(2, java.sql.Types.BIGINT);
            else ps.setLong(2, limit);
            ps.setLong(3, used);
            ps.executeUpdate();
        }
    }
}

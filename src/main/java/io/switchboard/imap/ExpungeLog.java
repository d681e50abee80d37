package io.switchboard.imap;

import io.switchboard.store.Database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The expunge history QRESYNC answers from (RFC 7162 §3.2.5.2, §3.2.6): {@code mail_vanished} rows
 * (folder, UID, mod-sequence of the expunge, time of the expunge), kept bounded by {@link #trim}.
 *
 * <p>Trimming never makes an answer wrong, only larger: it drops every row of a folder at or below
 * a cut mod-sequence and raises the folder's {@code vanished_floor} to that cut in the same
 * transaction. A request "expunged since m" with m at or above the floor is answered exactly from
 * the rows; one below it cannot be, so its caller answers with every UID not present any more
 * (which RFC 7162 allows: VANISHED (EARLIER) may name UIDs the client never saw). Readers take the
 * rows first and the floor second: the floor only grows, so a trim that commits between the two
 * reads shows up as a raised floor, never as silently missing rows.
 */
final class ExpungeLog {
    /** Expunges after a mod-sequence: the UIDs recorded, and whether those are all of them. */
    record Since(List<Long> uids, boolean complete) {
    }

    private final Database db;
    private final LongSupplier maxAgeDays;
    private final LongSupplier maxPerMailbox;
    private final AtomicBoolean trimming = new AtomicBoolean();
    /** Folders that gained rows on this node since the last pass: the only ones the count rule must look at. */
    private final java.util.Set<String> grown = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** The count limit of the last full look at every folder (-1: none yet since start). */
    private long fullyCheckedAt = -1;
    private final AtomicLong rowsTrimmed = new AtomicLong();
    private final AtomicLong trimRuns = new AtomicLong();

    ExpungeLog(Database db, LongSupplier maxAgeDays, LongSupplier maxPerMailbox) {
        this.db = db;
        this.maxAgeDays = maxAgeDays;
        this.maxPerMailbox = maxPerMailbox;
    }

    /** The folder gained rows (an expunge committed here): the next pass checks its count. */
    void grew(String boxId) {
        grown.add(boxId);
    }

    /** UIDs expunged from the folder with a mod-sequence above {@code since}, ascending. */
    static Since since(Connection c, String boxId, long since) throws SQLException {
        List<Long> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT uid FROM mail_vanished WHERE mail_box = ? AND modseq > ? ORDER BY uid")) {
            ps.setString(1, boxId);
            ps.setLong(2, since);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getLong(1));
            }
        }
        // after the rows, never before (see the class comment)
        return new Since(out, since >= floor(c, boxId));
    }

    /** The highest mod-sequence of a forgotten expunge of the folder (0: nothing forgotten). */
    static long floor(Connection c, String boxId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT vanished_floor FROM mail_box_modseq WHERE mail_box = ?")) {
            ps.setString(1, boxId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /**
     * One trim pass (blocking: run it on the blocking pool): forgets expunges older than
     * {@code imap.vanished.days}, then in folders over {@code imap.vanished.max_per_mailbox} rows
     * the oldest beyond it. Returns the rows deleted. A pass already running on this node makes
     * this one return 0 at once; passes of several nodes may overlap harmlessly (both delete up
     * to a cut and raise the floor to the larger cut).
     */
    long trim() throws SQLException {
        if (!trimming.compareAndSet(false, true)) return 0;
        try {
            long deleted = 0;
            long days = maxAgeDays.getAsLong();
            if (days > 0) {
                Instant cutoff = Instant.now().minusSeconds(days * 86_400);
                for (Map.Entry<String, Long> e : cutsByAge(cutoff).entrySet()) deleted += forgetUpTo(e.getKey(), e.getValue());
            }
            long max = maxPerMailbox.getAsLong();
            if (max > 0) {
                // every folder once after start and whenever the limit was lowered (a GROUP BY over the
                // table); otherwise only the folders that grew here since (other nodes check theirs)
                boolean full = fullyCheckedAt < 0 || max < fullyCheckedAt;
                List<String> boxes = new ArrayList<>(grown);
                grown.removeAll(boxes);
                Map<String, Long> cuts = cutsByCount(max, full ? null : boxes);
                for (Map.Entry<String, Long> e : cuts.entrySet()) deleted += forgetUpTo(e.getKey(), e.getValue());
                if (full) fullyCheckedAt = max;
            } else {
                grown.clear();
            }
            rowsTrimmed.addAndGet(deleted);
            trimRuns.incrementAndGet();
            return deleted;
        } finally {
            trimming.set(false);
        }
    }

    /** Per folder: the highest mod-sequence among its rows expunged before the cutoff. */
    private Map<String, Long> cutsByAge(Instant cutoff) throws SQLException {
        return db.withConnection(c -> {
            Map<String, Long> cuts = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT mail_box, MAX(modseq) FROM mail_vanished WHERE expunged_at < ? GROUP BY mail_box")) {
                ps.setTimestamp(1, Timestamp.from(cutoff));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) cuts.put(rs.getString(1), rs.getLong(2));
                }
            }
            return cuts;
        });
    }

    /**
     * Per folder with more than {@code max} rows (among {@code only}, or all when null): the
     * mod-sequence of its newest row beyond the newest {@code max}. Rows of one expunge share a mod-sequence, so cutting there may keep a
     * little less than {@code max}, never more.
     */
    private Map<String, Long> cutsByCount(long max, List<String> only) throws SQLException {
        return db.withConnection(c -> {
            List<String> over = new ArrayList<>();
            if (only == null) {
                try (PreparedStatement ps = c.prepareStatement("SELECT mail_box FROM mail_vanished GROUP BY mail_box HAVING COUNT(*) > ?")) {
                    ps.setLong(1, max);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) over.add(rs.getString(1));
                    }
                }
            } else {
                try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM mail_vanished WHERE mail_box = ?")) {
                    for (String box : only) {
                        ps.setString(1, box);
                        try (ResultSet rs = ps.executeQuery()) {
                            if (rs.next() && rs.getLong(1) > max) over.add(box);
                        }
                    }
                }
            }
            Map<String, Long> cuts = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT modseq FROM mail_vanished WHERE mail_box = ? ORDER BY modseq DESC LIMIT 1 OFFSET ?")) {
                for (String box : over) {
                    ps.setString(1, box);
                    ps.setLong(2, max);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) cuts.put(box, rs.getLong(1));
                    }
                }
            }
            return cuts;
        });
    }

    /** Deletes the folder's rows up to the cut and raises its floor to it, in one transaction. */
    private long forgetUpTo(String boxId, long cut) throws SQLException {
        return db.inTransaction(c -> {
            try (PreparedStatement up = c.prepareStatement(
                    "UPDATE mail_box_modseq SET vanished_floor = GREATEST(vanished_floor, ?) WHERE mail_box = ?")) {
                up.setLong(1, cut);
                up.setString(2, boxId);
                // no counter row (the folder was deleted meanwhile): nothing to keep a floor in, nothing deleted
                if (up.executeUpdate() == 0) return 0L;
            }
            try (PreparedStatement del = c.prepareStatement("DELETE FROM mail_vanished WHERE mail_box = ? AND modseq <= ?")) {
                del.setString(1, boxId);
                del.setLong(2, cut);
                return (long) del.executeUpdate();
            }
        });
    }

    /** For /statistics. */
    Map<String, Object> stats() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("vanished_trim_runs", trimRuns.get());
        m.put("vanished_rows_trimmed", rowsTrimmed.get());
        return m;
    }
}

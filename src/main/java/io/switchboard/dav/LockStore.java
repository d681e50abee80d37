package io.switchboard.dav;

import io.switchboard.store.Database;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code dav_lock} table (migration V4): every granted write lock, so a client holding a lock
 * token keeps its lock across a restart (RFC 4918 §6.6: a lock lives until it is removed or times
 * out, not until the server restarts). {@link Locks} keeps the working set in memory and writes
 * each change through here before answering.
 */
final class LockStore {
    private final Database db;

    LockStore(Database db) {
        this.db = db;
    }

    /** Deletes the locks that expired before {@code now} and returns the rest. */
    List<Locks.Lock> loadLive(long now) {
        return sql(() -> db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM dav_lock WHERE expires_at <= ?")) {
                ps.setLong(1, now);
                ps.executeUpdate();
            }
            List<Locks.Lock> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT lock_token, lock_space, path_key, infinite, exclusive_lock, owner_xml, "
                    + "timeout_seconds, expires_at, principal_id FROM dav_lock");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Locks.Lock(rs.getString(1), rs.getString(2), pathOf(rs.getString(3)), rs.getBoolean(4), rs.getBoolean(5),
                            rs.getString(6), rs.getLong(7), rs.getLong(8), rs.getString(9)));
                }
            }
            return out;
        }));
    }

    void insert(Locks.Lock l) {
        sql(() -> db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO dav_lock (lock_token, lock_space, path_key, infinite, exclusive_lock, "
                    + "owner_xml, timeout_seconds, expires_at, principal_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, l.token());
                ps.setString(2, l.space());
                ps.setString(3, l.path().key());
                ps.setBoolean(4, l.infinite());
                ps.setBoolean(5, l.exclusive());
                if (l.ownerXml() == null) ps.setNull(6, Types.VARCHAR);
                else ps.setString(6, l.ownerXml());
                ps.setLong(7, l.timeoutSeconds());
                ps.setLong(8, l.expiresAtMillis());
                ps.setString(9, l.principalId());
                return ps.executeUpdate();
            }
        }));
    }

    void refresh(Locks.Lock l) {
        sql(() -> db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE dav_lock SET timeout_seconds = ?, expires_at = ? WHERE lock_token = ?")) {
                ps.setLong(1, l.timeoutSeconds());
                ps.setLong(2, l.expiresAtMillis());
                ps.setString(3, l.token());
                return ps.executeUpdate();
            }
        }));
    }

    void delete(List<String> tokens) {
        if (tokens.isEmpty()) return;
        sql(() -> db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM dav_lock WHERE lock_token = ?")) {
                for (String t : tokens) {
                    ps.setString(1, t);
                    ps.addBatch();
                }
                return ps.executeBatch();
            }
        }));
    }

    /** The path a stored key ("/a/b", "" for the root) names. */
    static DavPath pathOf(String key) {
        if (key.isEmpty()) return DavPath.ROOT;
        return new DavPath(List.of(key.substring(1).split("/", -1)), false);
    }

    @FunctionalInterface
    private interface SqlCall<T> {
        T call() throws SQLException;
    }

    /** A lock we cannot record must not be granted (or reported as removed): fail the request. */
    private static <T> T sql(SqlCall<T> call) {
        try {
            return call.call();
        } catch (SQLException e) {
            throw new DavException(500, "lock store unavailable: " + e.getMessage());
        }
    }
}

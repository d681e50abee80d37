package io.switchboard.yjs;

import io.switchboard.store.Database;
import io.switchboard.yjs.GroupCommitWriter.Append;
import io.switchboard.store.SqlDialect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Yjs documents as rows of {@code yjs_update} in the shared PostgreSQL, for several nodes. Every node
 * appends the updates of its own peers; a document is the merge of all its rows, whoever wrote them.
 *
 * <p>Why "each node appends, merge on load" rather than one writer per document behind an advisory
 * lock: Yjs updates commute and are idempotent, so concurrent appends from two nodes can never
 * conflict and need no coordination, and there is no lock owner whose crash or network partition
 * would stall a document. The only step that must not race is compaction, and it is safe by
 * construction: it merges the rows it read and deletes exactly those rows (by id) in the same
 * transaction, so a row another node commits meanwhile is never deleted unmerged. A
 * transaction-scoped advisory lock per document just keeps two nodes from doing the same
 * compaction twice.
 *
 * <p>One writer thread per node ({@link GroupCommitWriter}): it drains the queue, inserts the batch in
 * one transaction (group commit; durability is PostgreSQL's commit, {@code yjs.fsync} does not apply),
 * then acknowledges.
 * Compaction runs after the acknowledgements, once the bytes this node appended to a document since
 * its last compaction outweigh the merged state ({@link YjsFileStore#COMPACT_MIN_LOG_BYTES} at least).
 */
public final class YjsDatabaseStore implements YjsDocumentStore {
    private static final Logger log = LoggerFactory.getLogger(YjsDatabaseStore.class);
    /** Appends one transaction takes from the queue. */
    private static final int WRITE_BATCH = 1024;

    /** What this node appended to a document since its last compaction (writer thread only). */
    private static final class Growth {
        long appendedBytes;
        long mergedBytes;

        boolean wantsCompaction() {
            return appendedBytes >= YjsFileStore.COMPACT_MIN_LOG_BYTES && appendedBytes > mergedBytes;
        }
    }

    private final Database db;
    private final Map<String, Growth> growth = new HashMap<>(); // writer thread only
    private final GroupCommitWriter writer;

    public YjsDatabaseStore(Database db) {
        this.db = db;
        this.writer = new GroupCommitWriter("sb-yjs-db-writer", WRITE_BATCH, new GroupCommitWriter.Log() {
            @Override
            public Set<String> writeAndAcknowledge(List<Append> appends) {
                return insert(appends);
            }

            @Override
            public void afterBatch(Set<String> written) {
                for (String doc : written) {
                    Growth g = growth.get(doc);
                    if (g != null && g.wantsCompaction()) compact(doc, g);
                }
            }
        });
    }

    @Override
    public List<byte[]> load(String doc) throws IOException {
        try {
            return db.withConnection(c -> {
                List<byte[]> out = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT update_bytes FROM yjs_update WHERE doc = ? ORDER BY id")) {
                    ps.setString(1, doc);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) out.add(rs.getBytes(1));
                    }
                }
                return out;
            });
        } catch (SQLException e) {
            throw new IOException("cannot load yjs document " + doc, e);
        }
    }

    @Override
    public CompletableFuture<Void> append(String doc, byte[] update) {
        return writer.append(doc, update);
    }

    @Override
    public CompletableFuture<Void> delete(String doc) {
        return writer.submit(doc, "delete", () -> {
            db.withConnection(c -> {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM yjs_update WHERE doc = ?")) {
                    ps.setString(1, doc);
                    return ps.executeUpdate();
                }
            });
            growth.remove(doc);
        });
    }

    @Override
    public void release(String doc) {
        writer.submit(doc, "release", () -> growth.remove(doc));
    }

    /** Inserts the appends in one transaction, then acknowledges them; returns the documents written. */
    private Set<String> insert(List<Append> appends) {
        if (appends.isEmpty()) return Set.of();
        try {
            db.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO yjs_update (doc, update_bytes, created_at) VALUES (?, ?, ?)")) {
                    Timestamp now = Timestamp.from(Instant.now());
                    for (Append a : appends) {
                        ps.setString(1, a.doc());
                        ps.setBytes(2, a.update());
                        ps.setTimestamp(3, now);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                return null;
            });
        } catch (SQLException | RuntimeException e) {
            log.error("yjs store: {} appends failed", appends.size(), e);
            for (Append a : appends) a.done().completeExceptionally(e);
            return Set.of();
        }
        Set<String> docs = new LinkedHashSet<>();
        for (Append a : appends) {
            growth.computeIfAbsent(a.doc(), d -> new Growth()).appendedBytes += a.update().length;
            docs.add(a.doc());
            a.done().complete(null);
        }
        return docs;
    }

    /**
     * Replaces the rows of a document by their merge: the rows read are locked, merged, deleted by id
     * and the merge inserted, in one transaction, so rows other nodes add meanwhile stay untouched.
     */
    private void compact(String doc, Growth g) {
        try {
            Long merged = db.inTransaction(c -> {
                if (db.dialect() == SqlDialect.POSTGRESQL && !tryLock(c, doc)) return null; // another node is on it
                List<Long> ids = new ArrayList<>();
                List<byte[]> updates = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT id, update_bytes FROM yjs_update WHERE doc = ? ORDER BY id FOR UPDATE")) {
                    ps.setString(1, doc);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            ids.add(rs.getLong(1));
                            updates.add(rs.getBytes(2));
                        }
                    }
                }
                if (ids.size() < 2) return (long) (updates.isEmpty() ? 0 : updates.get(0).length);
                byte[] state = YUpdates.merge(updates);
                try (PreparedStatement del = c.prepareStatement("DELETE FROM yjs_update WHERE id = ?")) {
                    for (Long id : ids) {
                        del.setLong(1, id);
                        del.addBatch();
                    }
                    del.executeBatch();
                }
                try (PreparedStatement ins = c.prepareStatement("INSERT INTO yjs_update (doc, update_bytes, created_at) VALUES (?, ?, ?)")) {
                    ins.setString(1, doc);
                    ins.setBytes(2, state);
                    ins.setTimestamp(3, Timestamp.from(Instant.now()));
                    ins.executeUpdate();
                }
                return (long) state.length;
            });
            if (merged != null) {
                g.appendedBytes = 0;
                g.mergedBytes = merged;
            }
        } catch (SQLException | RuntimeException e) {
            log.error("yjs document {}: compaction failed (the rows are kept)", doc, e);
        }
    }

    private static boolean tryLock(Connection c, String doc) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_xact_lock(hashtext(?))")) {
            ps.setString(1, "yjs:" + doc);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    @Override
    public void close() {
        writer.close();
    }
}

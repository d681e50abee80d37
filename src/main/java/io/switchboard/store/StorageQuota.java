package io.switchboard.store;

import io.switchboard.Server;
import io.switchboard.config.ConfigKeys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one per-user storage quota for the files users keep on this node: their {@code /dav/home/}
 * space and the sites they own (the same folders DAV serves under {@code /dav/sites/} and FTP at its
 * root). DAV and FTP both charge through this class, and both charge the same party: the owner of
 * the space the bytes land in (a site's files count against the SITE OWNER, whoever uploads them).
 * One instance per server ({@link #of}).
 *
 * <p>The limit is the owner's own {@code storage_quota.limit_bytes} when that row has one (set by
 * {@link #setLimit}; 0 = none), else {@code storage.quota.per_user} bytes (0 = none, hot).
 *
 * <p>An owner's usage is counted once from disk by the registered {@link UsageSource}s (each module
 * says which folders belong to an owner), then kept current by the writers: {@link #reserve} before
 * or as bytes are stored (refused with {@link Exceeded} when the limit would be crossed),
 * {@link #release} after removing or when a reserved write fails. A restart recounts from disk, so a
 * crash between a reservation and its write never leaves the count wrong for long, and nothing but
 * the limit override is kept in the database.
 *
 * <p>Multi-node: the counts and the cached limit overrides are per node. Two nodes serving one owner
 * each start from the disk as they counted it and do not see each other's reservations, so together
 * they can overshoot the limit by what the other wrote since; a limit changed on another node is seen
 * here after {@link #recount} or a restart.
 *
 * <p>Counting walks folders and reading the override queries the database: call from blocking
 * executors only, never on an event loop.
 */
public final class StorageQuota {
    /** Which folders hold an owner's files (e.g. DAV: the home space and the owner's sites). */
    @FunctionalInterface
    public interface UsageSource {
        List<Path> foldersOf(String owner) throws IOException;
    }

    /** A write that would take the owner past the limit (WebDAV: 507 with DAV:quota-not-exceeded, RFC 4331 §6). */
    public static final class Exceeded extends RuntimeException {
        private final long used;
        private final long limit;

        Exceeded(String owner, long used, long requested, long limit) {
            super("storage quota exceeded: " + used + " of " + limit + " bytes used, " + requested + " more requested");
            this.used = used;
            this.limit = limit;
        }

        public long used() {
            return used;
        }

        public long limit() {
            return limit;
        }
    }

    private static final Map<Server, StorageQuota> BY_SERVER = new WeakHashMap<>();

    private final Server server;
    /** By name, so a source registered by two modules (the sites, by DAV and FTP) counts once. */
    private final Map<String, UsageSource> sources = new ConcurrentHashMap<>();
    /** Bytes used per owner, counted on first use; guarded by the owner's entry (one array of one long). */
    private final Map<String, long[]> used = new ConcurrentHashMap<>();
    /** Each owner's own limit from {@code storage_quota} (empty: none, the default applies), read on first use. */
    private final Map<String, Optional<Long>> ownLimits = new ConcurrentHashMap<>();

    private StorageQuota(Server server) {
        this.server = server;
    }

    /** The quota of a running server, created on first use. */
    public static synchronized StorageQuota of(Server server) {
        return BY_SERVER.computeIfAbsent(server, StorageQuota::new);
    }

    /**
     * Registers where owners' files live under {@code name}; registering a name again replaces its
     * source (a module restarted, or two modules sharing one storage). Counts already made are redone.
     */
    public void addSource(String name, UsageSource source) {
        sources.put(name, source);
        used.clear();
    }

    /** The owner's limit in bytes, or 0 for none: their own {@code storage_quota.limit_bytes}, else {@code storage.quota.per_user}. */
    public long limit(String owner) {
        Optional<Long> own = ownLimits.computeIfAbsent(owner, this::readOwnLimit);
        return Math.max(0, own.orElseGet(() -> server.config().getLong(ConfigKeys.STORAGE_QUOTA_PER_USER)));
    }

    /** Sets the owner's own limit: null = back to {@code storage.quota.per_user}, 0 = none. Kept in {@code storage_quota}. */
    public void setLimit(String owner, Long limitBytes) throws SQLException {
        server.database().inTransaction(c -> {
            if (updateLimit(c, owner, limitBytes) == 0) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO storage_quota (user_id, limit_bytes) VALUES (?, ?)")) {
                    ps.setString(1, owner);
                    setNullableLong(ps, 2, limitBytes);
                    ps.executeUpdate();
                }
            }
            return null;
        });
        ownLimits.put(owner, Optional.ofNullable(limitBytes));
    }

    /** Bytes the owner stores now. */
    public long used(String owner) {
        long[] u = account(owner);
        synchronized (u) {
            return u[0];
        }
    }

    /** Bytes the owner may still store, or -1 when there is no limit. */
    public long available(String owner) {
        long limit = limit(owner);
        return limit == 0 ? -1 : Math.max(0, limit - used(owner));
    }

    /**
     * Accounts for a write that changes the owner's usage by {@code delta} bytes (negative when it
     * shrinks a file); throws {@link Exceeded} and changes nothing when a growth would cross the limit.
     */
    public void reserve(String owner, long delta) {
        long limit = limit(owner);
        long[] u = account(owner);
        synchronized (u) {
            if (delta > 0 && limit > 0 && u[0] + delta > limit) throw new Exceeded(owner, u[0], delta, limit);
            u[0] = Math.max(0, u[0] + delta);
        }
    }

    /** Gives back bytes the owner no longer stores (a delete, or a reserved write that failed). */
    public void release(String owner, long bytes) {
        long[] u = account(owner);
        synchronized (u) {
            u[0] = Math.max(0, u[0] - bytes);
        }
    }

    /** Forgets the owner's count and limit so the next use reads them again (after changes made around this class). */
    public void recount(String owner) {
        used.remove(owner);
        ownLimits.remove(owner);
    }

    /**
     * Forgets every count (not the limits): the next use of each owner counts from disk again. For a
     * change of which folders belong to whom (a site created, given to another owner, moved, disabled).
     * A write reserved before and settled after this is off by its reservation until the next recount.
     */
    public void recountAll() {
        used.clear();
    }

    private Optional<Long> readOwnLimit(String owner) {
        try {
            return server.database().withConnection(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT limit_bytes FROM storage_quota WHERE user_id = ?")) {
                    ps.setString(1, owner);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) return Optional.<Long>empty();
                        long limit = rs.getLong(1);
                        return rs.wasNull() ? Optional.<Long>empty() : Optional.of(limit);
                    }
                }
            });
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the storage quota of " + owner + ": " + e.getMessage(), e);
        }
    }

    private static int updateLimit(Connection c, String owner, Long limitBytes) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE storage_quota SET limit_bytes = ? WHERE user_id = ?")) {
            setNullableLong(ps, 1, limitBytes);
            ps.setString(2, owner);
            return ps.executeUpdate();
        }
    }

    private static void setNullableLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) ps.setNull(i, Types.BIGINT);
        else ps.setLong(i, v);
    }

    private long[] account(String owner) {
        long[] u = used.get(owner);
        if (u != null) return u;
        long n = 0;
        for (UsageSource s : sources.values()) {
            try {
                for (Path p : s.foldersOf(owner)) n += bytesUnder(p);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        long[] fresh = {n};
        long[] prior = used.putIfAbsent(owner, fresh);
        return prior == null ? fresh : prior;
    }

    /** The size of the regular files under a folder (symlinks are not followed, as the file spaces never follow them). */
    public static long bytesUnder(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) return 0;
        long[] total = {0};
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes a) {
                if (a.isRegularFile()) total[0] += a.size();
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
        return total[0];
    }
}

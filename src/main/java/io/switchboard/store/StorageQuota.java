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
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Per-user storage quota for the files users keep on this node: their {@code /dav/home/} space and
 * the sites they own (the same folders FTP serves). One instance per server ({@link #of}); the
 * limit is {@code storage.quota.per_user} bytes (0 = none, hot).
 *
 * <p>An owner's usage is counted once from disk by the registered {@link UsageSource}s (each module
 * says which folders belong to an owner), then kept current by the writers: {@link #reserve} before
 * storing (refused with {@link Exceeded} when the limit would be crossed), {@link #release} after
 * removing or when a reserved write fails. A restart recounts from disk, so a crash between a
 * reservation and its write never leaves the count wrong for long.
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
    private final List<UsageSource> sources = new CopyOnWriteArrayList<>();
    /** Bytes used per owner, counted on first use; guarded by the owner's entry (one array of one long). */
    private final Map<String, long[]> used = new ConcurrentHashMap<>();

    private StorageQuota(Server server) {
        this.server = server;
    }

    /** The quota of a running server, created on first use. */
    public static synchronized StorageQuota of(Server server) {
        return BY_SERVER.computeIfAbsent(server, StorageQuota::new);
    }

    /** Registers where an owner's files live; counts already made are redone with it. */
    public void addSource(UsageSource source) {
        sources.add(source);
        used.clear();
    }

    /** The per-user limit in bytes, or 0 for none. */
    public long limit() {
        return Math.max(0, server.config().getLong(ConfigKeys.STORAGE_QUOTA_PER_USER));
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
        long limit = limit();
        return limit == 0 ? -1 : Math.max(0, limit - used(owner));
    }

    /**
     * Accounts for a write that changes the owner's usage by {@code delta} bytes (negative when it
     * shrinks a file); throws {@link Exceeded} and changes nothing when a growth would cross the limit.
     */
    public void reserve(String owner, long delta) {
        long limit = limit();
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

    /** Forgets the owner's count so the next use recounts from disk (after changes made around this class). */
    public void recount(String owner) {
        used.remove(owner);
    }

    private long[] account(String owner) {
        long[] u = used.get(owner);
        if (u != null) return u;
        long n = 0;
        for (UsageSource s : sources) {
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

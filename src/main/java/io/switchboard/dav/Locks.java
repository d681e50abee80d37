package io.switchboard.dav;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Write locks of the file spaces (RFC 4918 §6, §9.10): exclusive and shared, depth 0 or infinity,
 * with timeouts. A lock belongs to one space (the user's id) and a path key. The working set is in
 * memory; every grant, refresh and removal is written through to {@link LockStore} first, so locks
 * survive a restart, and expired ones are pruned from both.
 */
final class Locks {
    /** Longest timeout we grant; "Infinite" requests get this. */
    static final long MAX_TIMEOUT_SECONDS = 3600;
    static final long DEFAULT_TIMEOUT_SECONDS = 600;

    record Lock(String token, String space, DavPath path, boolean infinite, boolean exclusive, String ownerXml,
                long timeoutSeconds, long expiresAtMillis, String principalId) {
        boolean expired(long now) {
            return now >= expiresAtMillis;
        }

        /** True when this lock applies to {@code p} (the locked resource or, for depth infinity, below it). */
        boolean covers(DavPath p) {
            return p.key().equals(path.key()) || (infinite && p.within(path));
        }

        Lock refreshed(long timeout) {
            return new Lock(token, space, path, infinite, exclusive, ownerXml, timeout, System.currentTimeMillis() + timeout * 1000, principalId);
        }
    }

    private final Map<String, Lock> byToken = new ConcurrentHashMap<>();
    private final LockStore store;

    /** Loads the locks that have not yet expired (and deletes the others). */
    Locks(LockStore store) {
        this.store = store;
        for (Lock l : store.loadLive(System.currentTimeMillis())) byToken.put(l.token, l);
    }

    synchronized Collection<Lock> all(String space) {
        purge();
        List<Lock> out = new ArrayList<>();
        for (Lock l : byToken.values()) if (l.space.equals(space)) out.add(l);
        return out;
    }

    /** Locks that cover the path itself. */
    List<Lock> covering(String space, DavPath p) {
        List<Lock> out = new ArrayList<>();
        for (Lock l : all(space)) if (l.covers(p)) out.add(l);
        return out;
    }

    /**
     * Locks a write to {@code p} must present a token for: those covering it, those on its parent
     * when members are added or removed (§7.4), and those below it when the whole tree changes.
     */
    List<Lock> protecting(String space, DavPath p, boolean membershipChange, boolean subtree) {
        List<Lock> out = new ArrayList<>();
        DavPath parent = p.parent();
        for (Lock l : all(space)) {
            if (l.covers(p) || (membershipChange && parent != null && l.path.key().equals(parent.key()))
                    || (subtree && l.path.within(p))) {
                out.add(l);
            }
        }
        return out;
    }

    /** A new lock, or 423 when it conflicts with an existing one (§6.1, §9.10.6). */
    synchronized Lock lock(String space, DavPath p, boolean infinite, boolean exclusive, String ownerXml, long timeout, String principalId) {
        for (Lock l : all(space)) {
            boolean overlaps = l.covers(p) || (infinite && l.path.within(p));
            if (overlaps && (exclusive || l.exclusive)) throw new DavException(423, Replies.LOCKED, "<D:no-conflicting-lock/>");
        }
        Lock l = new Lock("opaquelocktoken:" + UUID.randomUUID(), space, p, infinite, exclusive, ownerXml, timeout,
                System.currentTimeMillis() + timeout * 1000, principalId);
        store.insert(l);
        byToken.put(l.token, l);
        return l;
    }

    synchronized Lock refresh(String token, long timeout) {
        Lock l = byToken.get(token);
        if (l == null) return null;
        Lock r = l.refreshed(timeout);
        store.refresh(r);
        byToken.put(token, r);
        return r;
    }

    Lock get(String token) {
        Lock l = byToken.get(token);
        return l == null || l.expired(System.currentTimeMillis()) ? null : l;
    }

    synchronized void unlock(String token) {
        store.delete(List.of(token));
        byToken.remove(token);
    }

    /** Drops the locks on and below a path (after DELETE or MOVE of the source, §7.6). */
    synchronized void removeTree(String space, DavPath p) {
        remove(l -> l.space.equals(space) && l.path.within(p));
    }

    private void purge() {
        long now = System.currentTimeMillis();
        remove(l -> l.expired(now));
    }

    private void remove(java.util.function.Predicate<Lock> which) {
        List<String> gone = new ArrayList<>();
        for (Lock l : byToken.values()) if (which.test(l)) gone.add(l.token);
        if (gone.isEmpty()) return;
        store.delete(gone);
        byToken.keySet().removeAll(gone);
    }

    static long parseTimeout(String header) {
        if (header == null) return DEFAULT_TIMEOUT_SECONDS;
        for (String part : header.split(",")) {
            String t = part.trim();
            if (t.equalsIgnoreCase("Infinite")) return MAX_TIMEOUT_SECONDS;
            if (t.regionMatches(true, 0, "Second-", 0, 7)) {
                try {
                    long s = Long.parseLong(t.substring(7).trim());
                    return Math.max(1, Math.min(s, MAX_TIMEOUT_SECONDS));
                } catch (NumberFormatException ignored) {
                    // try the next one
                }
            }
        }
        return DEFAULT_TIMEOUT_SECONDS;
    }
}

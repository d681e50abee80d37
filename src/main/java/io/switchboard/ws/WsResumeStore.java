package io.switchboard.ws;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * /ws sessions that ended recently, kept for {@code ws.resume.seconds} so a client reconnecting
 * with {@code ?sessionId=} on this node gets its subscriptions back and the events it missed
 * (ws.md "Resume"). Only what is needed to resubscribe is kept: the patterns per topic and the last
 * sequence number seen per topic; the events themselves come from the topics' history.
 */
final class WsResumeStore {
    /** Most sessions kept at once; past this the oldest expiring ones are simply not kept. */
    static final int MAX_SESSIONS = 100_000;

    /** A closed session's state. */
    record Saved(String userId, Map<String, Set<String>> patternsByTopic, Map<String, Long> lastSeqByTopic, long expiresAtNanos) {
    }

    private final Map<String, Saved> sessions = new ConcurrentHashMap<>();

    void save(String sessionId, Saved saved) {
        if (sessions.size() >= MAX_SESSIONS) sweep();
        if (sessions.size() < MAX_SESSIONS) sessions.put(sessionId, saved);
    }

    /** The saved state, removed so it is resumed at most once; null when unknown or expired. */
    Saved take(String sessionId) {
        Saved s = sessionId == null ? null : sessions.remove(sessionId);
        return s == null || s.expiresAtNanos() < System.nanoTime() ? null : s;
    }

    void sweep() {
        long now = System.nanoTime();
        sessions.values().removeIf(s -> s.expiresAtNanos() < now);
    }
}

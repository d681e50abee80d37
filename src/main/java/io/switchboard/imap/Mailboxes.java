package io.switchboard.imap;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Which connections have which folder selected, so a change (an SMTP delivery's mail event, or
 * another session's STORE/EXPUNGE) reaches the idling ones at once (RFC 2177).
 */
final class Mailboxes {
    private final Map<String, Set<ImapHandler>> byBox = new ConcurrentHashMap<>();

    void watch(String boxId, ImapHandler h) {
        byBox.computeIfAbsent(boxId, k -> ConcurrentHashMap.newKeySet()).add(h);
    }

    void unwatch(String boxId, ImapHandler h) {
        if (boxId == null) return;
        Set<ImapHandler> s = byBox.get(boxId);
        if (s != null) s.remove(h);
    }

    /** Where a change made by an IMAP session here is also announced (the cluster bus: other nodes' sessions). */
    private volatile Consumer<String> elsewhere = boxId -> {
    };

    void announceTo(Consumer<String> otherNodes) {
        elsewhere = otherNodes;
    }

    /**
     * An IMAP session here changed the folder (flags, expunge, move): tells its other sessions (except
     * the one that changed it) to look again, and other nodes through {@link #announceTo}.
     */
    void changed(String boxId, ImapHandler except) {
        changedHere(boxId, except);
        elsewhere.accept(boxId);
    }

    /** A change every node learns of by itself (a mail entity event, another node's announcement): sessions here look again. */
    void changedHere(String boxId, ImapHandler except) {
        Set<ImapHandler> s = byBox.get(boxId);
        if (s == null) return;
        for (ImapHandler h : s) if (h != except) h.folderChanged();
    }

    void forEach(Consumer<ImapHandler> c) {
        byBox.values().forEach(s -> s.forEach(c));
    }
}

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

    /** Tells the sessions of this folder (except the one that changed it) to look again. */
    void changed(String boxId, ImapHandler except) {
        Set<ImapHandler> s = byBox.get(boxId);
        if (s == null) return;
        for (ImapHandler h : s) if (h != except) h.folderChanged();
    }

    void forEach(Consumer<ImapHandler> c) {
        byBox.values().forEach(s -> s.forEach(c));
    }
}

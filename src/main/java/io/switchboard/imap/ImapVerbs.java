package io.switchboard.imap;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** The command registry: one entry per verb (RFC 3501 §6, RFC 9051 §6 and the extensions). */
final class ImapVerbs {
    static final Set<ImapSession.State> ANY = EnumSet.of(ImapSession.State.NOT_AUTHENTICATED, ImapSession.State.AUTHENTICATED,
            ImapSession.State.SELECTED);
    static final Set<ImapSession.State> NOT_AUTH = EnumSet.of(ImapSession.State.NOT_AUTHENTICATED);
    static final Set<ImapSession.State> AUTH = EnumSet.of(ImapSession.State.AUTHENTICATED, ImapSession.State.SELECTED);
    static final Set<ImapSession.State> SELECTED = EnumSet.of(ImapSession.State.SELECTED);

    /** Adapts a lambda to a verb. */
    interface Body {
        String run(ImapHandler h, ImapSession s, ImapArgs a) throws Exception;
    }

    private final Map<String, ImapVerb> verbs = new HashMap<>();

    ImapVerbs() {
        SessionVerbs.register(this);
        FolderVerbs.register(this);
        MessageVerbs.register(this);
    }

    void add(String name, Set<ImapSession.State> states, Body body) {
        verbs.put(name, new ImapVerb() {
            @Override
            public Set<ImapSession.State> states() {
                return states;
            }

            @Override
            public String run(ImapHandler h, ImapSession s, ImapArgs a) throws Exception {
                return body.run(h, s, a);
            }
        });
    }

    ImapVerb get(String name) {
        return verbs.get(name);
    }
}

package io.switchboard.imap;

import java.util.Set;

/** One IMAP command: the states it is valid in and what it does (returns the tagged OK text, or null when it answers itself). */
interface ImapVerb {
    Set<ImapSession.State> states();

    String run(ImapHandler h, ImapSession s, ImapArgs a) throws Exception;

    default boolean allowedIn(ImapSession.State st) {
        return states().contains(st);
    }
}

package io.switchboard.ftp;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** Verb name to handler, with the login state each needs (answered in one place, the control handler). */
final class FtpCommandRegistry {
    record Entry(String verb, FtpVerb.Need need, FtpVerb handler) {
    }

    private final Map<String, Entry> verbs = new TreeMap<>();

    FtpCommandRegistry add(String verb, FtpVerb.Need need, FtpVerb handler) {
        verbs.put(verb, new Entry(verb, need, handler));
        return this;
    }

    Entry find(String verb) {
        return verbs.get(verb);
    }

    Map<String, Entry> all() {
        return Collections.unmodifiableMap(verbs);
    }

    /** Every verb of this server (RFC 959, 2228/4217, 2389, 2428, 3659, 2640). */
    static FtpCommandRegistry standard() {
        FtpCommandRegistry r = new FtpCommandRegistry();
        LoginVerbs.register(r);
        TlsVerbs.register(r);
        InfoVerbs.register(r);
        DirectoryVerbs.register(r);
        DataVerbs.register(r);
        FileVerbs.register(r);
        return r;
    }
}

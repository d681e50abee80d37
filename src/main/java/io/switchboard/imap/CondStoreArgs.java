package io.switchboard.imap;

import java.util.List;
import java.util.Locale;

/**
 * The CONDSTORE/QRESYNC parameters and modifiers of SELECT, FETCH and STORE (RFC 7162 §3.1, §3.2,
 * grammar in §7), parsed from the generic argument tokens; anything malformed is a BAD.
 */
final class CondStoreArgs {
    private CondStoreArgs() {
    }

    /** SELECT/EXAMINE (QRESYNC (uidvalidity modseq [known-uids [(seq-match-data)]])); knownUids may be null. */
    record Qresync(long uidValidity, long modseq, String knownUids) {
    }

    /** What SELECT/EXAMINE asked for besides the mailbox name. */
    record SelectParams(boolean condstore, Qresync qresync) {
    }

    /** FETCH (CHANGEDSINCE n [VANISHED]); changedSince is -1 without the modifier. */
    record FetchModifiers(long changedSince, boolean vanished) {
    }

    /** A mod-sequence value (RFC 7162: positive 63-bit; "valzer" forms also allow 0). */
    static long modseq(String text, boolean allowZero) throws ImapException {
        if (text.isEmpty() || text.length() > 19) throw ImapException.bad(ImapReplies.BAD_MODSEQ);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') throw ImapException.bad(ImapReplies.BAD_MODSEQ);
        }
        long v;
        try {
            v = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw ImapException.bad(ImapReplies.BAD_MODSEQ);
        }
        if (v == 0 && !allowZero) throw ImapException.bad(ImapReplies.BAD_MODSEQ);
        return v;
    }

    /** The arguments after the mailbox name of SELECT/EXAMINE: nothing, or one list of select-params. */
    static SelectParams selectParams(List<Object> afterName) throws ImapException {
        if (afterName.isEmpty()) return new SelectParams(false, null);
        if (afterName.size() != 1 || !(afterName.get(0) instanceof ImapArgs.Lst params)) throw ImapException.bad(ImapReplies.BAD_ARGS);
        boolean condstore = false;
        Qresync q = null;
        List<Object> items = params.items();
        for (int i = 0; i < items.size(); i++) {
            String name = ImapArgs.text(items.get(i)).toUpperCase(Locale.ROOT);
            switch (name) {
                case "CONDSTORE" -> condstore = true;
                case "QRESYNC" -> {
                    if (q != null || i + 1 >= items.size() || !(items.get(i + 1) instanceof ImapArgs.Lst ql)) {
                        throw ImapException.bad(ImapReplies.BAD_ARGS);
                    }
                    i++;
                    q = qresync(ql.items());
                }
                default -> throw ImapException.bad("Unknown SELECT parameter " + name);
            }
        }
        return new SelectParams(condstore, q);
    }

    private static Qresync qresync(List<Object> p) throws ImapException {
        if (p.size() < 2 || p.size() > 4) throw ImapException.bad(ImapReplies.BAD_ARGS);
        long uidValidity = number(ImapArgs.text(p.get(0)));
        if (uidValidity == 0) throw ImapException.bad(ImapReplies.BAD_ARGS);
        long modseq = modseq(ImapArgs.text(p.get(1)), false);
        String known = null;
        int next = 2;
        if (p.size() > 2 && !(p.get(2) instanceof ImapArgs.Lst)) {
            known = ImapArgs.text(p.get(2));
            if (!SequenceSet.looksLikeSet(known)) throw ImapException.bad(ImapReplies.BAD_SEQUENCE);
            next = 3;
        }
        if (p.size() > next) {
            // seq-match-data only helps a server that cannot list every expunged UID; we can, so it is checked and unused
            if (!(p.get(next) instanceof ImapArgs.Lst match) || match.items().size() != 2 || next + 1 != p.size()) {
                throw ImapException.bad(ImapReplies.BAD_ARGS);
            }
            for (Object o : match.items()) {
                if (!SequenceSet.looksLikeSet(ImapArgs.text(o))) throw ImapException.bad(ImapReplies.BAD_SEQUENCE);
            }
        }
        return new Qresync(uidValidity, modseq, known);
    }

    /** FETCH modifiers: (CHANGEDSINCE n [VANISHED]) in any order (RFC 7162 §3.1.4, §3.2.6). */
    static FetchModifiers fetchModifiers(Object arg) throws ImapException {
        if (!(arg instanceof ImapArgs.Lst l) || l.items().isEmpty()) throw ImapException.bad(ImapReplies.BAD_ARGS);
        long changedSince = -1;
        boolean vanished = false;
        List<Object> items = l.items();
        for (int i = 0; i < items.size(); i++) {
            String name = ImapArgs.text(items.get(i)).toUpperCase(Locale.ROOT);
            if (name.equals("CHANGEDSINCE") && changedSince < 0 && i + 1 < items.size()) {
                changedSince = modseq(ImapArgs.text(items.get(++i)), true);
            } else if (name.equals("VANISHED") && !vanished) {
                vanished = true;
            } else {
                throw ImapException.bad("Unknown FETCH modifier " + name);
            }
        }
        // RFC 7162 §3.2.6: VANISHED only together with CHANGEDSINCE
        if (vanished && changedSince < 0) throw ImapException.bad("VANISHED needs CHANGEDSINCE");
        return new FetchModifiers(changedSince, vanished);
    }

    /** STORE modifier (UNCHANGEDSINCE n) (RFC 7162 §3.1.3); returns n. */
    static long storeModifier(Object arg) throws ImapException {
        if (!(arg instanceof ImapArgs.Lst l) || l.items().size() != 2
                || !ImapArgs.text(l.items().get(0)).equalsIgnoreCase("UNCHANGEDSINCE")) {
            throw ImapException.bad("Unknown STORE modifier");
        }
        return modseq(ImapArgs.text(l.items().get(1)), true);
    }

    private static long number(String s) throws ImapException {
        if (s.isEmpty() || s.length() > 10 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) throw ImapException.bad(ImapReplies.BAD_ARGS);
        return Long.parseLong(s);
    }
}

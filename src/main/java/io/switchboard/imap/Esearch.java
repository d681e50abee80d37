package io.switchboard.imap;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * SEARCH result options and the ESEARCH response (RFC 4731, RFC 9051 §6.4.4, §7.3.4): MIN, MAX,
 * ALL, COUNT, and SAVE (RFC 5182). Without RETURN an IMAP4rev2 session gets ESEARCH with ALL; an
 * IMAP4rev1 session gets the old SEARCH response unless it asked for RETURN.
 */
final class Esearch {
    enum Option { MIN, MAX, ALL, COUNT, SAVE }

    private Esearch() {
    }

    /** "RETURN (...)": an empty list means ALL (RFC 4731 §3.1). */
    static Set<Option> parse(ImapArgs.Lst l) throws ImapException {
        Set<Option> out = EnumSet.noneOf(Option.class);
        for (Object o : l.items()) {
            try {
                out.add(Option.valueOf(ImapArgs.text(o).toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw ImapException.bad("Unknown SEARCH return option " + ImapArgs.text(o));
            }
        }
        if (out.isEmpty()) out.add(Option.ALL);
        return out;
    }

    /**
     * What SAVE keeps (RFC 5182 §2.4): with MIN and/or MAX alone, only those messages; else all.
     * {@code found} are the matches in ascending order.
     */
    static List<Long> toSave(Set<Option> opts, List<Long> foundUids) {
        boolean minMaxOnly = (opts.contains(Option.MIN) || opts.contains(Option.MAX)) && !opts.contains(Option.ALL)
                && !opts.contains(Option.COUNT);
        if (!minMaxOnly || foundUids.isEmpty()) return foundUids;
        List<Long> out = new java.util.ArrayList<>();
        if (opts.contains(Option.MIN)) out.add(foundUids.get(0));
        if (opts.contains(Option.MAX) && (out.isEmpty() || foundUids.size() > 1)) out.add(foundUids.get(foundUids.size() - 1));
        return out;
    }

    /** Whether any response is due: SAVE alone answers with none (RFC 5182 §2.4). */
    static boolean answers(Set<Option> opts) {
        return !opts.equals(EnumSet.of(Option.SAVE));
    }

    /**
     * The untagged ESEARCH line: (TAG "t") [UID] then each requested item; MIN, MAX and ALL are
     * left out when nothing matched, COUNT never (RFC 4731 §3.1). {@code modseq} above 0 adds the
     * highest mod-sequence of the matches (RFC 7162 §3.1.5).
     */
    static String response(String tag, boolean uid, Set<Option> opts, List<Long> found, long modseq) {
        StringBuilder b = new StringBuilder("ESEARCH (TAG ").append(MessageView.quote(tag)).append(')');
        if (uid) b.append(" UID");
        if (!found.isEmpty()) {
            if (opts.contains(Option.MIN)) b.append(" MIN ").append(found.get(0));
            if (opts.contains(Option.MAX)) b.append(" MAX ").append(found.get(found.size() - 1));
            if (opts.contains(Option.ALL)) b.append(" ALL ").append(SequenceSet.compact(found));
        }
        if (opts.contains(Option.COUNT)) b.append(" COUNT ").append(found.size());
        if (modseq > 0 && !found.isEmpty()) b.append(" MODSEQ ").append(modseq);
        return b.toString();
    }
}

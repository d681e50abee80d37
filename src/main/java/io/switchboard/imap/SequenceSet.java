package io.switchboard.imap;

import java.util.ArrayList;
import java.util.List;

/** Sequence sets (RFC 3501 §9 "sequence-set"): "1:3,5,7:*" over sequence numbers or UIDs. */
final class SequenceSet {
    private SequenceSet() {
    }

    /** The indexes (0-based, ascending, distinct) of the messages the set names. */
    static List<Integer> resolve(String set, List<ImapStore.Msg> msgs, boolean uid) throws ImapException {
        if (set.isEmpty()) throw ImapException.bad(ImapReplies.BAD_SEQUENCE);
        boolean[] hit = new boolean[msgs.size()];
        long star = uid ? (msgs.isEmpty() ? 0 : msgs.get(msgs.size() - 1).uid()) : msgs.size();
        for (String range : set.split(",", -1)) {
            String[] ends = range.split(":", -1);
            if (ends.length > 2) throw ImapException.bad(ImapReplies.BAD_SEQUENCE);
            long lo = number(ends[0], star);
            long hi = ends.length == 2 ? number(ends[1], star) : lo;
            if (lo > hi) {
                long t = lo;
                lo = hi;
                hi = t;
            }
            if (!uid && (hi > msgs.size() || lo < 1)) {
                if (!msgs.isEmpty() || !range.contains("*")) throw ImapException.bad(ImapReplies.BAD_SEQUENCE + ": no such message");
            }
            // keys ascend with the position (msgs is sorted by UID), so a range is one run of positions
            int from = uid ? firstUidAtLeast(msgs, lo) : (int) Math.max(0, lo - 1);
            int to = uid ? firstUidAtLeast(msgs, hi + 1) : (int) Math.min(msgs.size(), hi);
            if (from < to) java.util.Arrays.fill(hit, from, to, true);
        }
        List<Integer> out = new ArrayList<>(hit.length);
        for (int i = 0; i < hit.length; i++) if (hit[i]) out.add(i);
        return out;
    }

    /** The first position whose UID is at least {@code uid} (msgs.size() when none is). */
    private static int firstUidAtLeast(List<ImapStore.Msg> msgs, long uid) {
        int lo = 0;
        int hi = msgs.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (msgs.get(mid).uid() < uid) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /**
     * Membership in a UID set that may name UIDs no longer present (QRESYNC known-uids, UID FETCH
     * ... VANISHED): "*" stands for {@code star}, the largest UID the folder has used.
     */
    static java.util.function.LongPredicate uidMatcher(String set, long star) throws ImapException {
        if (set.isEmpty()) throw ImapException.bad(ImapReplies.BAD_SEQUENCE);
        List<long[]> ranges = new ArrayList<>();
        for (String range : set.split(",", -1)) {
            String[] ends = range.split(":", -1);
            if (ends.length > 2) throw ImapException.bad(ImapReplies.BAD_SEQUENCE);
            long lo = number(ends[0], star);
            long hi = ends.length == 2 ? number(ends[1], star) : lo;
            ranges.add(new long[]{Math.min(lo, hi), Math.max(lo, hi)});
        }
        return uid -> {
            for (long[] r : ranges) if (uid >= r[0] && uid <= r[1]) return true;
            return false;
        };
    }

    private static long number(String s, long star) throws ImapException {
        if (s.equals("*")) return star;
        if (s.isEmpty() || s.length() > 10 || s.charAt(0) == '0') throw ImapException.bad(ImapReplies.BAD_SEQUENCE);
        for (char c : s.toCharArray()) if (c < '0' || c > '9') throw ImapException.bad(ImapReplies.BAD_SEQUENCE);
        long n = Long.parseLong(s);
        if (n > 4294967295L) throw ImapException.bad(ImapReplies.BAD_SEQUENCE);
        return n;
    }

    static boolean looksLikeSet(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> c == '*' || c == ':' || c == ',' || c >= '0' && c <= '9');
    }

    /** Compact form of UIDs for COPYUID ("4,7:9"). */
    static String compact(List<Long> uids) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < uids.size(); ) {
            int j = i;
            while (j + 1 < uids.size() && uids.get(j + 1) == uids.get(j) + 1) j++;
            if (b.length() > 0) b.append(',');
            b.append(uids.get(i));
            if (j > i) b.append(':').append(uids.get(j));
            i = j + 1;
        }
        return b.toString();
    }
}

package io.switchboard.imap;

import java.util.ArrayList;
import java.util.List;

/**
 * A set of UIDs as ascending, disjoint, non-adjacent closed ranges: what a VANISHED (EARLIER)
 * answer is made of (RFC 7162 §3.2.10). Kept as ranges so "every UID up to 4,000,000 that is not
 * present" costs one entry per gap, not one per UID. Immutable.
 */
final class UidRanges {
    static final UidRanges NONE = new UidRanges(new long[0]);

    /** lo0, hi0, lo1, hi1, ...: ascending, with hi(i) + 1 < lo(i+1). */
    private final long[] bounds;

    private UidRanges(long[] bounds) {
        this.bounds = bounds;
    }

    /** Every UID from {@code lo} to {@code hi} (none when hi &lt; lo). */
    static UidRanges between(long lo, long hi) {
        return hi < lo ? NONE : new UidRanges(new long[]{lo, hi});
    }

    /** These UIDs, ascending (duplicates allowed). */
    static UidRanges ofSorted(List<Long> uids) {
        Builder b = new Builder();
        for (long u : uids) b.add(u, u);
        return b.build();
    }

    /**
     * A client's UID set ("1:5,9,20:*"), where {@code *} is {@code star} (RFC 3501 §9 sequence-set,
     * here over UIDs that need not exist). Ranges may be given in either order and overlap.
     */
    static UidRanges parse(String set, long star) throws ImapException {
        if (set.isEmpty()) throw ImapException.bad(ImapReplies.BAD_SEQUENCE);
        List<long[]> ranges = new ArrayList<>();
        for (String range : set.split(",", -1)) {
            String[] ends = range.split(":", -1);
            if (ends.length > 2) throw ImapException.bad(ImapReplies.BAD_SEQUENCE);
            long lo = number(ends[0], star);
            long hi = ends.length == 2 ? number(ends[1], star) : lo;
            ranges.add(new long[]{Math.min(lo, hi), Math.max(lo, hi)});
        }
        ranges.sort((x, y) -> Long.compare(x[0], y[0]));
        Builder b = new Builder();
        for (long[] r : ranges) b.add(r[0], r[1]);
        return b.build();
    }

    private static long number(String s, long star) throws ImapException {
        if (s.equals("*")) return star;
        if (s.isEmpty() || s.length() > 10 || s.charAt(0) == '0') throw ImapException.bad(ImapReplies.BAD_SEQUENCE);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') throw ImapException.bad(ImapReplies.BAD_SEQUENCE);
        }
        long n = Long.parseLong(s);
        if (n > 4294967295L) throw ImapException.bad(ImapReplies.BAD_SEQUENCE);
        return n;
    }

    boolean isEmpty() {
        return bounds.length == 0;
    }

    /** How many UIDs the set holds. */
    long count() {
        long n = 0;
        for (int i = 0; i < bounds.length; i += 2) n += bounds[i + 1] - bounds[i] + 1;
        return n;
    }

    /** The UIDs in both sets. */
    UidRanges intersect(UidRanges other) {
        Builder b = new Builder();
        int i = 0;
        int j = 0;
        while (i < bounds.length && j < other.bounds.length) {
            long lo = Math.max(bounds[i], other.bounds[j]);
            long hi = Math.min(bounds[i + 1], other.bounds[j + 1]);
            if (lo <= hi) b.add(lo, hi);
            if (bounds[i + 1] < other.bounds[j + 1]) i += 2;
            else j += 2;
        }
        return b.build();
    }

    /** This set without the given UIDs (ascending): the gaps they leave. */
    UidRanges minus(List<Long> sortedUids) {
        Builder b = new Builder();
        int k = 0;
        for (int i = 0; i < bounds.length; i += 2) {
            long from = bounds[i];
            long hi = bounds[i + 1];
            while (k < sortedUids.size() && sortedUids.get(k) < from) k++;
            while (from <= hi) {
                if (k >= sortedUids.size() || sortedUids.get(k) > hi) {
                    b.add(from, hi);
                    break;
                }
                long present = sortedUids.get(k++);
                if (present > from) b.add(from, present - 1);
                from = Math.max(from, present + 1);
            }
        }
        return b.build();
    }

    /** The sequence-set form, "2,4:7,9" (empty string when empty). */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < bounds.length; i += 2) {
            if (s.length() > 0) s.append(',');
            s.append(bounds[i]);
            if (bounds[i + 1] > bounds[i]) s.append(':').append(bounds[i + 1]);
        }
        return s.toString();
    }

    /** Collects ranges given in ascending order of their start, merging overlapping and adjacent ones. */
    private static final class Builder {
        private long[] out = new long[8];
        private int n;

        void add(long lo, long hi) {
            if (n > 0 && lo <= out[n - 1] + 1) {
                out[n - 1] = Math.max(out[n - 1], hi);
                return;
            }
            if (n + 2 > out.length) out = java.util.Arrays.copyOf(out, out.length * 2);
            out[n++] = lo;
            out[n++] = hi;
        }

        UidRanges build() {
            return n == 0 ? NONE : new UidRanges(java.util.Arrays.copyOf(out, n));
        }
    }
}

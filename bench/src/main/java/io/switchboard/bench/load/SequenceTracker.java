package io.switchboard.bench.load;

import java.util.Arrays;

/**
 * What one subscriber connection received from one publisher connection: which sequence numbers
 * (a bit set, so a late arrival fills its hole and a repeat is recognised), the highest, and how many
 * arrived below the highest already seen. Event-loop confined, like the connection.
 *
 * <p>The definitions the load tool reports:
 * <ul>
 *   <li><b>reordered</b>: an arrival whose number is below the highest number already received from the
 *   same publisher connection (a transient reorder: it is still counted as received);</li>
 *   <li><b>duplicates</b>: a number received a second time;</li>
 *   <li><b>holes</b>: numbers below the highest received that never arrived, at the end of the run;</li>
 *   <li><b>gaps</b> (computed when merging, with the publisher's counts): numbers the publisher sent that never
 *   arrived at the end of the run = holes + the tail after the highest received.</li>
 * </ul>
 */
final class SequenceTracker {
    private long[] seen = new long[4];
    private long highest;
    private long distinct;
    private long reordered;
    private long duplicates;

    /** Records sequence number {@code n} (≥ 1). */
    void record(long n) {
        int word = (int) ((n - 1) >>> 6);
        if (word >= seen.length) {
            seen = Arrays.copyOf(seen, Math.max(word + 1, seen.length * 2));
        }
        long bit = 1L << ((n - 1) & 63);
        if ((seen[word] & bit) != 0) {
            duplicates++;
            return;
        }
        seen[word] |= bit;
        distinct++;
        if (n < highest) {
            reordered++;
        } else {
            highest = n;
        }
    }

    long highest() {
        return highest;
    }

    long distinct() {
        return distinct;
    }

    long reordered() {
        return reordered;
    }

    long duplicates() {
        return duplicates;
    }

    /** Numbers below the highest that have not arrived (yet). */
    long holes() {
        return highest - distinct;
    }
}

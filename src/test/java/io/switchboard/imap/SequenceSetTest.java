package io.switchboard.imap;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Sequence sets resolved by ranges (binary search over UIDs) name exactly the messages a plain scan does. */
class SequenceSetTest {
    /** UIDs with gaps, as after expunges: 3, 4, 7, 8, 9, 15, 20. */
    private static final long[] UIDS = {3, 4, 7, 8, 9, 15, 20};

    private static List<ImapStore.Msg> folder() {
        List<ImapStore.Msg> msgs = new ArrayList<>();
        for (long u : UIDS) msgs.add(new ImapStore.Msg("m" + u, u, 10, Instant.EPOCH, "b" + u, Set.of(), 1));
        return msgs;
    }

    /** The reference: every position whose key lies in any of the ranges. */
    private static List<Integer> scan(long[][] ranges, boolean uid) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < UIDS.length; i++) {
            long key = uid ? UIDS[i] : i + 1;
            for (long[] r : ranges) {
                if (key >= Math.min(r[0], r[1]) && key <= Math.max(r[0], r[1])) {
                    out.add(i);
                    break;
                }
            }
        }
        return out;
    }

    @Test
    void uidRangesOverGapsMatchAPlainScan() throws Exception {
        List<ImapStore.Msg> msgs = folder();
        assertEquals(scan(new long[][]{{5, 9}}, true), SequenceSet.resolve("5:9", msgs, true));
        assertEquals(scan(new long[][]{{1, 2}}, true), SequenceSet.resolve("1:2", msgs, true));
        assertEquals(scan(new long[][]{{9, 5}, {16, 20}}, true), SequenceSet.resolve("9:5,16:*", msgs, true));
        assertEquals(scan(new long[][]{{3, 3}, {20, 20}, {21, 30}}, true), SequenceSet.resolve("3,*,21:30", msgs, true));
        // "n:*" with n above the highest UID still names the last message (RFC 3501 §6.4.8)
        assertEquals(List.of(6), SequenceSet.resolve("100:*", msgs, true));
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6), SequenceSet.resolve("1:*", msgs, true));
    }

    @Test
    void sequenceRangesMatchAPlainScanAndRefuseMissingNumbers() throws Exception {
        List<ImapStore.Msg> msgs = folder();
        assertEquals(scan(new long[][]{{2, 4}, {6, 6}}, false), SequenceSet.resolve("4:2,6", msgs, false));
        assertEquals(scan(new long[][]{{1, 7}}, false), SequenceSet.resolve("1:*", msgs, false));
        assertEquals(List.of(0, 1, 2), SequenceSet.resolve("1:3,2", msgs, false));
        assertThrows(ImapException.class, () -> SequenceSet.resolve("8", msgs, false));
        assertThrows(ImapException.class, () -> SequenceSet.resolve("0:2", msgs, false));
        assertEquals(List.of(), SequenceSet.resolve("1:*", List.of(), false));
    }
}

package io.switchboard.imap;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The range arithmetic behind VANISHED (EARLIER) answers. */
class UidRangesTest {
    @Test
    void gapsBetweenPresentUidsAreRangesNotOneEntryPerUid() {
        UidRanges absent = UidRanges.between(1, 4_000_000).minus(List.of(3L, 4L, 10L, 4_000_000L));
        assertEquals("1:2,5:9,11:3999999", absent.toString());
        assertEquals(3_999_996, absent.count());
        assertEquals("", UidRanges.between(1, 3).minus(List.of(1L, 2L, 3L)).toString());
        assertTrue(UidRanges.between(5, 4).isEmpty());
        assertEquals("1:2", UidRanges.between(1, 2).minus(List.of(7L, 9L)).toString());
    }

    @Test
    void clientSetsAreNormalisedAndIntersected() throws Exception {
        UidRanges known = UidRanges.parse("20:*,3,1:2,5,4", 30);
        assertEquals("1:5,20:30", known.toString());
        assertEquals("2,4:5,25:30", UidRanges.parse("2,4:7,9,25:40", 40).intersect(known).toString());
        assertEquals("7,9", UidRanges.ofSorted(List.of(7L, 7L, 9L)).toString());
        assertEquals("", UidRanges.ofSorted(List.of(6L, 8L)).intersect(UidRanges.parse("7", 9)).toString());
        assertEquals("3:5", UidRanges.parse("5:3", 9).toString());
    }

    @Test
    void invalidSetsAreBad() {
        for (String bad : new String[]{"", "0", "1:x", "1,,2", "1:2:3", "4294967296", "01"}) {
            ImapException e = assertThrows(ImapException.class, () -> UidRanges.parse(bad, 10), bad);
            assertTrue(e.isBad(), bad);
        }
    }
}

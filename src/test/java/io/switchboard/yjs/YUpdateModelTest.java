package io.switchboard.yjs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class YUpdateModelTest {
  private static final YParent ROOT = new YParent.Root("text");

  private static YStruct.Item item(long client, long clock, YContent content) {
    return new YStruct.Item(new YId(client, clock), null, null, ROOT, false, null, content);
  }

  @Test
  void multiUnitContentSplitsAtAnyInnerOffset() {
    assertEquals(new YContent.Split(new YContent.Deleted(2), new YContent.Deleted(3)), new YContent.Deleted(5).splitAt(2));
    assertEquals(new YContent.Split(new YContent.Any(List.of(1L)), new YContent.Any(List.of("a", true))),
        new YContent.Any(List.of(1L, "a", true)).splitAt(1));
    assertEquals(new YContent.Split(new YContent.Json(List.of("1", "2")), new YContent.Json(List.of("undefined"))),
        new YContent.Json(List.of("1", "2", "undefined")).splitAt(2));
    assertEquals(new YContent.Split(new YContent.Str("ab"), new YContent.Str("c")), new YContent.Str("abc").splitAt(2));
    assertThrows(IllegalArgumentException.class, () -> new YContent.Str("abc").splitAt(0));
    assertThrows(IllegalArgumentException.class, () -> new YContent.Str("abc").splitAt(3));
  }

  @Test
  void stringSplitInsideASurrogatePairReplacesBothHalves() {
    YContent.Split split = new YContent.Str("a😀b").splitAt(2);
    assertEquals(new YContent.Str("a\uFFFD"), split.left());
    assertEquals(new YContent.Str("\uFFFDb"), split.right());
    assertEquals(4, new YContent.Str("a😀b").length()); // UTF-16 units, as in JavaScript
  }

  @Test
  void singleUnitContentCannotBeSplit() {
    List<YContent> single = List.of(new YContent.Binary(new byte[] {1}), new YContent.Embed("{}"),
        new YContent.Format("bold", "true"), new YContent.Type(YContent.Type.MAP, null), new YContent.Doc("g", Map.of()));
    for (YContent c : single) {
      assertEquals(1, c.length());
      assertThrows(UnsupportedOperationException.class, () -> c.splitAt(1));
    }
  }

  @Test
  void modelRefusesInconsistentItems() {
    YId id = new YId(1, 0);
    YContent text = new YContent.Str("x");
    assertThrows(IllegalArgumentException.class, () -> new YStruct.Item(id, null, null, null, false, null, text));
    assertThrows(IllegalArgumentException.class, () -> new YStruct.Item(id, null, null, ROOT, true, null, text));
    assertThrows(IllegalArgumentException.class, () -> new YStruct.Item(id, new YId(2, 0), null, ROOT, false, null, text));
    assertThrows(IllegalArgumentException.class, () -> new YContent.Type(7, null));
    assertThrows(IllegalArgumentException.class, () -> new YContent.Type(YContent.Type.XML_ELEMENT, null));
    assertThrows(IllegalArgumentException.class, () -> new YContent.Str(""));
    assertThrows(IllegalArgumentException.class, () -> new YStruct.Gc(id, 0));
  }

  @Test
  void encodeRefusesStructsOutOfTheirSectionsClockOrder() {
    YUpdate gap = new YUpdate(List.of(new YClientStructs(1, 0, List.of(
        item(1, 0, new YContent.Str("ab")), new YStruct.Gc(new YId(1, 3), 1)))), YDeleteSet.EMPTY);
    assertThrows(IllegalArgumentException.class, () -> YUpdateCodec.encode(gap));
    YUpdate wrongClient = new YUpdate(List.of(new YClientStructs(1, 0, List.of(item(2, 0, new YContent.Str("a"))))),
        YDeleteSet.EMPTY);
    assertThrows(IllegalArgumentException.class, () -> YUpdateCodec.encode(wrongClient));
  }

  @Test
  void encodedModelHasTheV1Layout() {
    YUpdate update = new YUpdate(List.of(new YClientStructs(5, 0, List.of(
        item(5, 0, new YContent.Str("hi")),
        new YStruct.Item(new YId(5, 2), new YId(5, 1), null, null, true, null, new YContent.Any(List.of(1L)))))),
        new YDeleteSet(List.of(new YDeleteSet.Entry(5, List.of(new YDeleteSet.Range(0, 1))))));
    byte[] bytes = YUpdateCodec.encode(update);
    // sections, structs, client, clock | info 04, parent root "text", "hi" | info a8, origin 5:1, any [1] | ds
    assertEquals("01020500" + "040104746578740268 69".replace(" ", "") + "a80501017d01" + "0105010001",
        HexFormat.of().formatHex(bytes));
    assertEquals(update, YUpdateCodec.decode(bytes));
  }

  @Test
  void stateVectorLooksUpTheLastEntryOfAClientAndKeepsWireOrder() {
    YStateVector sv = YStateVector.decode(HexFormat.of().parseHex("03" + "0503" + "0102" + "0509"));
    assertEquals(9, sv.clockOf(5));
    assertEquals(2, sv.clockOf(1));
    assertEquals(0, sv.clockOf(77));
    assertEquals(3, sv.size());
    assertArrayEquals(HexFormat.of().parseHex("0305030102" + "0509"), sv.encode());
    Map<Long, Long> clocks = new LinkedHashMap<>();
    clocks.put(1L, 4L);
    clocks.put(300L, 2L);
    assertArrayEquals(HexFormat.of().parseHex("02" + "ac0202" + "0104"), YStateVector.of(clocks).encode()); // descending
    assertEquals(YStateVector.of(clocks), YStateVector.decode(YStateVector.of(clocks).encode()));
  }

  @Test
  void mergeOfOneUpdateReturnsACopyOfIt() {
    byte[] update = YUpdateCodec.encode(new YUpdate(List.of(new YClientStructs(5, 0, List.of(item(5, 0, new YContent.Str("a"))))),
        YDeleteSet.EMPTY));
    byte[] merged = YUpdates.merge(List.of(update));
    assertArrayEquals(update, merged);
    assertNotSame(update, merged);
  }

  @Test
  void mergeJoinsDeleteSetsAndLeavesASkipForMissingClocks() {
    byte[] first = YUpdateCodec.encode(new YUpdate(List.of(new YClientStructs(5, 0, List.of(item(5, 0, new YContent.Str("ab"))))),
        new YDeleteSet(List.of(new YDeleteSet.Entry(5, List.of(new YDeleteSet.Range(0, 1)))))));
    byte[] later = YUpdateCodec.encode(new YUpdate(List.of(new YClientStructs(5, 4, List.of(
        new YStruct.Item(new YId(5, 4), new YId(5, 3), null, null, false, null, new YContent.Str("e"))))),
        new YDeleteSet(List.of(new YDeleteSet.Entry(5, List.of(new YDeleteSet.Range(1, 1), new YDeleteSet.Range(4, 1)))))));
    YUpdate merged = YUpdateCodec.decode(YUpdates.merge(later, first));
    assertEquals(List.of(item(5, 0, new YContent.Str("ab")), new YStruct.Skip(new YId(5, 2), 2),
        new YStruct.Item(new YId(5, 4), new YId(5, 3), null, null, false, null, new YContent.Str("e"))),
        merged.clients().get(0).structs());
    assertEquals(List.of(new YDeleteSet.Range(0, 2), new YDeleteSet.Range(4, 1)), merged.deleteSet().clients().get(0).ranges());
    assertEquals(Map.of(5L, 2L), YUpdates.stateVector(YUpdates.merge(later, first)).toMap()); // stops at the gap
    // a peer that has clock 0 gets the rest of "ab" cut as yjs cuts it, and the item after the gap
    YUpdate diff = YUpdateCodec.decode(YUpdates.diff(YUpdates.merge(later, first), YStateVector.of(Map.of(5L, 1L))));
    assertEquals(new YStruct.Item(new YId(5, 1), new YId(5, 0), null, null, false, null, new YContent.Str("b")),
        diff.clients().get(0).structs().get(0));
  }
}

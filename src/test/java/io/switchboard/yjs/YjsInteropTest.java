package io.switchboard.yjs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.yjs.NodeOracle.DocState;
import io.switchboard.yjs.NodeOracle.Fixture;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Java codec against the real npm yjs. Fixtures are random concurrent edits (text with formats, embeds and
 * surrogate pairs; maps; arrays; XML; nested types; sub-documents; deletions) by several Y.Docs with fixed
 * seeds. Results are compared byte for byte with yjs's own functions where yjs is deterministic, and by
 * applying both to fresh Y.Docs where it is not.
 */
class YjsInteropTest {
  private static final int[] SEEDS = {1, 2, 3, 4, 5, 6};
  private static NodeOracle node;
  private static List<Fixture> fixtures;

  @BeforeAll
  static void generateFixtures() {
    node = NodeOracle.get();
    fixtures = new ArrayList<>();
    for (int seed : SEEDS) {
      fixtures.add(node.fixture(seed, 2 + seed % 3, 100 + 20 * seed));
    }
  }

  private static List<byte[]> allUpdatesOf(Fixture f) {
    List<byte[]> all = new ArrayList<>(f.updates());
    all.addAll(f.snapshots());
    return all;
  }

  @Test
  void decodeThenEncodeGivesBackEveryYjsUpdateByteForByte() {
    int checked = 0;
    for (Fixture f : fixtures) {
      List<byte[]> all = allUpdatesOf(f);
      all.add(node.merge(f.updates()));
      for (byte[] u : all) {
        assertArrayEquals(u, YUpdateCodec.encode(YUpdateCodec.decode(u)), "seed " + f.seed());
        checked++;
      }
    }
    assertTrue(checked > 300, "checked " + checked);
  }

  @Test
  void stateVectorFromUpdateMatchesYjs() {
    for (Fixture f : fixtures) {
      List<byte[]> all = allUpdatesOf(f);
      all.add(YUpdates.merge(f.updates()));
      all.add(YUpdates.merge(f.updates().subList(f.updates().size() / 2, f.updates().size())));
      all.add(YUpdates.empty());
      for (byte[] u : all) {
        assertArrayEquals(node.stateVectorFromUpdate(u), YUpdates.encodeStateVectorFromUpdate(u), "seed " + f.seed());
      }
    }
  }

  @Test
  void mergeOfAllConcurrentEditsMatchesYjsAndTheEditedDocs() {
    for (Fixture f : fixtures) {
      byte[] merged = YUpdates.merge(f.updates());
      assertArrayEquals(node.merge(f.updates()), merged, "seed " + f.seed());
      DocState state = node.state(List.of(merged));
      assertEquals(f.finalDoc(), state.doc(), "seed " + f.seed());
      assertEquals(NodeOracle.b64(f.finalSv()), state.sv());
      assertFalse(state.pending());
    }
  }

  @Test
  void mergeOfShuffledSubsetsWithDuplicatesAndGapsMatchesYjs() {
    Random random = new Random(11);
    for (Fixture f : fixtures) {
      for (int round = 0; round < 12; round++) {
        List<byte[]> pick = new ArrayList<>();
        for (byte[] u : f.updates()) {
          if (random.nextInt(3) == 0) {
            pick.add(u);
          }
          if (random.nextInt(20) == 0) {
            pick.add(u); // duplicate
          }
        }
        Collections.shuffle(pick, random);
        byte[] java = YUpdates.merge(pick);
        byte[] yjs = node.merge(pick);
        assertArrayEquals(yjs, java, "seed " + f.seed() + " round " + round);
        assertEquals(node.state(List.of(yjs)), node.state(List.of(java)));
      }
    }
  }

  @Test
  void mergeOfOverlappingPartialMergesMatchesYjs() {
    Random random = new Random(12);
    for (Fixture f : fixtures) {
      List<byte[]> updates = f.updates();
      for (int round = 0; round < 8; round++) {
        List<byte[]> parts = new ArrayList<>();
        for (int p = 0; p < 2 + random.nextInt(4); p++) {
          int from = random.nextInt(updates.size());
          int to = Math.min(updates.size(), from + 1 + random.nextInt(updates.size() / 2 + 1));
          parts.add(YUpdates.merge(updates.subList(from, to)));
        }
        parts.add(updates.get(random.nextInt(updates.size())));
        Collections.shuffle(parts, random);
        assertArrayEquals(node.merge(parts), YUpdates.merge(parts), "seed " + f.seed() + " round " + round);
      }
    }
  }

  /**
   * Snapshots hold garbage-collected runs where the incremental updates hold the items. When a GC and an
   * item start at the same clock in two inputs, yjs's order depends on V8's sort internals; only there
   * the documents must agree rather than the bytes.
   */
  @Test
  void mergeWithSnapshotsMatchesYjsAndGivesTheSameDocument() {
    Random random = new Random(13);
    int exact = 0;
    for (Fixture f : fixtures) {
      for (int round = 0; round < 8; round++) {
        List<byte[]> pick = new ArrayList<>();
        for (byte[] u : allUpdatesOf(f)) {
          if (random.nextInt(round < 4 ? 3 : 12) == 0) {
            pick.add(u);
          }
        }
        Collections.shuffle(pick, random);
        byte[] java = YUpdates.merge(pick);
        byte[] yjs = node.merge(pick);
        String where = "seed " + f.seed() + " round " + round;
        if (!startsGcAndItemAtTheSameClock(pick)) {
          assertArrayEquals(yjs, java, where);
          exact++;
        }
        assertEquals(node.state(List.of(yjs)), node.state(List.of(java)), where);
        assertArrayEquals(node.stateVectorFromUpdate(yjs), YUpdates.encodeStateVectorFromUpdate(java), where);
      }
    }
    assertTrue(exact >= 10, "only " + exact + " merges without GC/item ties");
  }

  private static boolean startsGcAndItemAtTheSameClock(List<byte[]> updates) {
    Map<YId, Set<Boolean>> kinds = new HashMap<>();
    for (byte[] u : updates) {
      for (YClientStructs section : YUpdateCodec.decode(u).clients()) {
        for (YStruct s : section.structs()) {
          if (!(s instanceof YStruct.Skip)) {
            kinds.computeIfAbsent(s.id(), k -> new HashSet<>()).add(s instanceof YStruct.Gc);
          }
        }
      }
    }
    return kinds.values().stream().anyMatch(k -> k.size() == 2);
  }

  @Test
  void diffAgainstStateVectorsMatchesYjs() {
    Random random = new Random(14);
    for (Fixture f : fixtures) {
      byte[] full = YUpdates.merge(f.updates());
      List<byte[]> sources = new ArrayList<>(f.snapshots());
      sources.add(full);
      sources.add(YUpdates.merge(f.updates().subList(0, f.updates().size() / 3)));
      List<byte[]> svs = new ArrayList<>(f.stateVectors());
      svs.add(YStateVector.EMPTY.encode());
      svs.add(f.finalSv());
      for (int i = 0; i < 10; i++) {
        svs.add(randomStateVector(random, YUpdates.stateVector(full)).encode());
      }
      for (byte[] source : sources) {
        for (byte[] sv : svs) {
          assertArrayEquals(node.diff(source, sv), YUpdates.diff(source, sv), "seed " + f.seed());
        }
      }
    }
  }

  /** Clocks anywhere in [0, known + 3], so that diffs cut inside items, surrogate pairs included. */
  private static YStateVector randomStateVector(Random random, YStateVector known) {
    Map<Long, Long> clocks = new HashMap<>();
    known.toMap().forEach((client, clock) -> {
      if (random.nextInt(4) != 0) {
        clocks.put(client, (long) random.nextInt((int) Math.min(clock + 4, Integer.MAX_VALUE)));
      }
    });
    clocks.put(999L, 5L); // a client the update does not know
    return YStateVector.of(clocks);
  }

  @Test
  void javaMergedPiecesAppliedInRandomOrderConverge() {
    Random random = new Random(15);
    for (Fixture f : fixtures) {
      List<byte[]> updates = new ArrayList<>(f.updates());
      Collections.shuffle(updates, random);
      List<byte[]> pieces = new ArrayList<>();
      for (int i = 0; i < updates.size(); ) {
        int n = 1 + random.nextInt(12);
        pieces.add(YUpdates.merge(updates.subList(i, Math.min(updates.size(), i + n))));
        i += n;
      }
      Collections.shuffle(pieces, random);
      DocState state = node.state(pieces);
      assertEquals(f.finalDoc(), state.doc(), "seed " + f.seed());
      assertFalse(state.pending());
      // and merging the merged pieces again gives the full document in one update
      assertEquals(f.finalDoc(), node.state(List.of(YUpdates.merge(pieces))).doc());
    }
  }

  @Test
  void snapshotPlusJavaDiffReachesTheFinalDocument() {
    for (Fixture f : fixtures) {
      byte[] full = YUpdates.merge(f.updates());
      for (byte[] snapshot : f.snapshots()) {
        byte[] missing = YUpdates.diff(full, YUpdates.encodeStateVectorFromUpdate(snapshot));
        DocState state = node.state(List.of(snapshot, missing));
        assertEquals(f.finalDoc(), state.doc(), "seed " + f.seed());
        assertFalse(state.pending());
      }
    }
  }

  @Test
  void stringContentSplitsLikeYjsIncludingInsideSurrogatePairs() {
    String text = "a😀bé中👍🏽\ud834\udd1ez";
    for (int offset = 1; offset < text.length(); offset++) {
      var answer = node.call(NodeOracle.request("splitString").put("text", text).put("offset", offset));
      YContent.Split split = new YContent.Str(text).splitAt(offset);
      assertEquals(answer.get(0).asText(), ((YContent.Str) split.left()).text(), "offset " + offset);
      assertEquals(answer.get(1).asText(), ((YContent.Str) split.right()).text(), "offset " + offset);
    }
  }

  @Test
  void legacyJsonContentWrittenByJavaIsReadByYjs() {
    YUpdate update = new YUpdate(List.of(new YClientStructs(77, 0, List.of(
        new YStruct.Item(new YId(77, 0), null, null, new YParent.Root("array"), false, null,
            new YContent.Json(List.of("{\"a\":[1,2]}", "\"s\"", "undefined", "null"))),
        new YStruct.Item(new YId(77, 4), new YId(77, 3), null, null, false, null,
            new YContent.Any(List.of(1L, -0.0d, 2.5d, "ü", List.of(true), new byte[] {1, 2})))))),
        new YDeleteSet(List.of(new YDeleteSet.Entry(77, List.of(new YDeleteSet.Range(1, 1))))));
    byte[] bytes = YUpdateCodec.encode(update);
    assertArrayEquals(bytes, YUpdateCodec.encode(YUpdateCodec.decode(bytes)));
    DocState state = node.state(List.of(bytes));
    assertEquals("{\"text\":{\"text\":[]},\"map\":{\"map\":{}},\"array\":{\"array\":[{\"a\":[1,2]},{\"undefined\":true},null,"
        + "1,{\"number\":\"-0\"},2.5,\"ü\",[true],{\"bytes\":[1,2]}]},\"xml\":{\"xml\":\"\"}}", state.doc());
    assertArrayEquals(node.stateVectorFromUpdate(bytes), YUpdates.encodeStateVectorFromUpdate(bytes));
  }
}

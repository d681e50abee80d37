package io.switchboard.yjs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Merge, diff and state vector on {@link SyntheticUpdates}: overlapping updates cut at arbitrary points
 * (inside strings, surrogate pairs, any/JSON arrays, deleted runs), with Skips, adjacent and overlapping
 * GC runs, and messy delete sets, compared byte for byte with yjs.
 */
class YUpdatesSyntheticInteropTest {
  private final NodeOracle node = NodeOracle.get();

  @Test
  void mergeOfOverlappingCutUpdatesMatchesYjsByteForByte() {
    Random random = new Random(21);
    for (int seed = 0; seed < 40; seed++) {
      SyntheticUpdates synthetic = new SyntheticUpdates(seed);
      for (int round = 0; round < 5; round++) {
        List<byte[]> updates = new ArrayList<>();
        for (int i = 1 + random.nextInt(6); i > 0; i--) {
          updates.add(synthetic.randomUpdate());
        }
        assertArrayEquals(node.merge(updates), YUpdates.merge(updates), "seed " + seed + " round " + round);
      }
    }
  }

  @Test
  void diffOfCutUpdatesMatchesYjsByteForByte() {
    for (int seed = 100; seed < 130; seed++) {
      SyntheticUpdates synthetic = new SyntheticUpdates(seed);
      byte[] update = synthetic.randomUpdate();
      byte[] merged = YUpdates.merge(synthetic.randomUpdate(), synthetic.randomUpdate(), synthetic.randomUpdate());
      for (int i = 0; i < 5; i++) {
        byte[] sv = synthetic.randomStateVector().encode();
        assertArrayEquals(node.diff(update, sv), YUpdates.diff(update, sv), "seed " + seed);
        assertArrayEquals(node.diff(merged, sv), YUpdates.diff(merged, sv), "seed " + seed);
      }
    }
  }

  @Test
  void stateVectorOfCutUpdatesMatchesYjs() {
    for (int seed = 200; seed < 240; seed++) {
      SyntheticUpdates synthetic = new SyntheticUpdates(seed);
      byte[] update = synthetic.randomUpdate();
      assertArrayEquals(node.stateVectorFromUpdate(update), YUpdates.encodeStateVectorFromUpdate(update), "seed " + seed);
      byte[] merged = YUpdates.merge(update, synthetic.randomUpdate());
      assertArrayEquals(node.stateVectorFromUpdate(merged), YUpdates.encodeStateVectorFromUpdate(merged), "seed " + seed);
    }
  }

  @Test
  void syntheticUpdatesRoundTripThroughTheModel() {
    for (int seed = 300; seed < 340; seed++) {
      byte[] update = new SyntheticUpdates(seed).randomUpdate();
      assertArrayEquals(update, YUpdateCodec.encode(YUpdateCodec.decode(update)));
    }
  }
}

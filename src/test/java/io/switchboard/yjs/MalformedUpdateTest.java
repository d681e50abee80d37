package io.switchboard.yjs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad input gives {@link MalformedUpdateException} (or, for a corruption that still parses, a result) from
 * every entry point, never another exception, an out-of-memory or a hang.
 */
class MalformedUpdateTest {
  private static byte[] realUpdate;
  private static byte[] otherUpdate;
  private static byte[] stateVector;

  @BeforeAll
  static void takeARealUpdate() {
    NodeOracle.Fixture f = NodeOracle.get().fixture(7, 3, 60);
    realUpdate = YUpdates.merge(f.updates());
    otherUpdate = f.snapshots().get(0);
    stateVector = f.stateVectors().isEmpty() ? YStateVector.EMPTY.encode() : f.stateVectors().get(0);
    assertTrue(realUpdate.length > 1000, "update of " + realUpdate.length + " bytes");
  }

  /** Runs every operation on {@code update}; true if all accepted it, false if all refused it. */
  private static boolean acceptedEverywhere(byte[] update) {
    List<Consumer<byte[]>> operations = List.of(
        YUpdates::validate,
        YUpdateCodec::decode,
        u -> YUpdates.merge(List.of(u, otherUpdate)),
        u -> YUpdates.merge(List.of(otherUpdate, u, u)),
        u -> YUpdates.merge(List.of(u)),
        u -> YUpdates.diff(u, stateVector),
        u -> YUpdates.diff(u, YStateVector.EMPTY),
        YUpdates::stateVector);
    int refused = 0;
    for (Consumer<byte[]> op : operations) {
      try {
        op.accept(update);
      } catch (MalformedUpdateException e) {
        refused++;
      } catch (RuntimeException | Error e) {
        throw new AssertionError("not a MalformedUpdateException for " + HexFormat.of().formatHex(update), e);
      }
    }
    if (refused != 0 && refused != operations.size()) {
      fail("refused by only " + refused + " of " + operations.size() + " operations: " + HexFormat.of().formatHex(update));
    }
    return refused == 0;
  }

  @Test
  void updateTruncatedAtEveryLengthIsRefusedEverywhere() {
    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
      for (int len = 0; len < realUpdate.length; len++) {
        if (acceptedEverywhere(Arrays.copyOf(realUpdate, len))) {
          fail("prefix of " + len + " bytes accepted");
        }
      }
    });
  }

  @Test
  void randomBitFlipsAreRefusedOrGiveAResultNeverAnotherException() {
    Random random = new Random(31);
    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
      int accepted = 0;
      for (int i = 0; i < 1500; i++) {
        byte[] bad = realUpdate.clone();
        for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
          bad[random.nextInt(bad.length)] ^= (byte) (1 << random.nextInt(8));
        }
        if (acceptedEverywhere(bad)) {
          accepted++;
          YUpdateCodec.encode(YUpdateCodec.decode(bad));
        }
      }
      assertTrue(accepted > 0 && accepted < 1500, "accepted " + accepted);
    });
  }

  @Test
  void randomBytesAreRefusedOrGiveAResultNeverAnotherException() {
    Random random = new Random(32);
    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
      for (int i = 0; i < 6000; i++) {
        byte[] bytes = new byte[random.nextInt(40)];
        random.nextBytes(bytes);
        if (random.nextBoolean() && bytes.length > 2) {
          bytes[0] = 1; // plausible section count
          bytes[1] = (byte) random.nextInt(3);
        }
        acceptedEverywhere(bytes);
      }
    });
  }

  private static void assertRefused(String hex) {
    byte[] bytes = HexFormat.of().parseHex(hex);
    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
      if (acceptedEverywhere(bytes)) {
        fail("accepted " + hex);
      }
    });
  }

  @Test
  void craftedBadStructsAreRefused() {
    // one section: 1 struct of client 5 at clock 0, then the struct, then an empty delete set
    String head = "01" + "01" + "05" + "00";
    assertRefused(head + "0b" + "01" + "0161" + "00" + "00"); // content ref 11
    assertRefused(head + "8a" + "0500" + "01" + "00"); // skip ref with an origin flag
    assertRefused(head + "40" + "03" + "00"); // GC with flags
    assertRefused(head + "04" + "02" + "0161" + "0161" + "00"); // parent info 2
    assertRefused(head + "07" + "01" + "0161" + "07" + "00"); // type ref 7
    assertRefused(head + "04" + "01" + "0161" + "02c328" + "00"); // invalid UTF-8 in a string
    assertRefused(head + "05" + "01" + "0161" + "03" + "7b7d7d" + "00"); // embed "{}}"
    assertRefused(head + "09" + "01" + "0161" + "0167" + "7e" + "00"); // sub-document options null
    assertRefused(head + "04" + "01" + "0161" + "00" + "00"); // empty string: zero-length item
    assertRefused(head + "08" + "01" + "0161" + "00" + "00"); // empty any array
    assertRefused(head + "01" + "01" + "0161" + "00" + "00"); // zero deleted
    assertRefused(head + "00" + "00" + "00"); // zero-length GC
    assertRefused(head + "04" + "01" + "0161" + "ffffffffffffff0f" + "00"); // string of 2^55 bytes
    assertRefused("01" + "01" + "05" + "feffffffffffff0f" + "00" + "03" + "00"); // clock beyond 2^53
    assertRefused(head + "00" + "03" + "00" + "00"); // trailing byte
    assertRefused(head + "00" + "03"); // delete set missing
    assertRefused("ffffffffffff0f"); // 2^49 sections, no bytes
    assertRefused("01" + "ffffffffffff0f" + "05" + "00" + "0003" + "00"); // 2^49 structs
    assertRefused("00" + "01" + "05" + "ffffffffffff0f" + "0001"); // 2^49 deleted ranges
    assertRefused("00" + "01" + "05" + "01" + "feffffffffffff0f" + "05"); // deleted range beyond 2^53
    assertRefused(head + "02" + "01" + "0161" + "01" + "03" + "616263" + "00"); // legacy JSON "abc"
  }

  @Test
  void wellFormedEdgeFormsAreAccepted() {
    String head = "01" + "01" + "05" + "00";
    assertTrue(acceptedEverywhere(HexFormat.of().parseHex(head + "02" + "01" + "0161" + "01" + "09" + "756e646566696e6564" + "00")));
    assertTrue(acceptedEverywhere(HexFormat.of().parseHex("00" + "01" + "05" + "01" + "03" + "00"))); // zero-length delete
    assertTrue(acceptedEverywhere(HexFormat.of().parseHex("01" + "00" + "05" + "00" + "00"))); // empty section
    assertArrayEquals(YUpdates.empty(), YUpdates.merge(List.of()));
  }

  @Test
  void malformedStateVectorIsRefused() {
    for (String hex : new String[] {"", "01", "0105", "020500", "010500ff", "ffffffff0f"}) {
      assertThrows(MalformedUpdateException.class, () -> YStateVector.decode(HexFormat.of().parseHex(hex)), hex);
      assertThrows(MalformedUpdateException.class, () -> YUpdates.diff(realUpdate, HexFormat.of().parseHex(hex)), hex);
    }
  }
}

package io.switchboard.yjs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Operations on encoded Yjs v1 updates, with the semantics and (for what yjs writes) the exact bytes of
 * yjs's {@code mergeUpdates}, {@code diffUpdate} and {@code encodeStateVectorFromUpdate}. All of them check
 * their whole input and throw {@link MalformedUpdateException} before returning anything if it is
 * malformed. None of them builds a document model: they walk the bytes once.
 */
public final class YUpdates {
  private YUpdates() {
  }

  /** An update that carries nothing: no structs, empty delete set. */
  public static byte[] empty() {
    return new byte[] {0, 0};
  }

  /** Checks that {@code update} is a well-formed v1 update. O(bytes). */
  public static void validate(byte[] update) {
    StructCursor c = StructCursor.streaming(update, false);
    while (c.has()) {
      c.advance();
    }
    c.readDeleteSet();
  }

  /**
   * Merges updates into one that carries all their structs and deletions; overlapping and duplicate input
   * is fine, and clocks no input carries become Skip structs. A single update comes back unchanged (as a
   * copy), as in yjs. See {@link UpdateMerger} for the algorithm and its cost.
   */
  public static byte[] merge(List<byte[]> updates) {
    return UpdateMerger.merge(updates);
  }

  public static byte[] merge(byte[]... updates) {
    return merge(Arrays.asList(updates));
  }

  /** {@link #diff(byte[], YStateVector)} with an encoded state vector. */
  public static byte[] diff(byte[] update, byte[] stateVector) {
    return diff(update, YStateVector.decode(stateVector));
  }

  /**
   * What a peer at {@code stateVector} lacks of {@code update}: per client, the structs from the peer's
   * clock on, the first one cut where needed. Skips before that point are dropped, later ones kept. The
   * whole delete set goes along (deletions are idempotent and cannot be filtered by a state vector).
   * O(bytes + c log n) for c client runs and n state vector entries.
   */
  public static byte[] diff(byte[] update, YStateVector stateVector) {
    StructCursor c = StructCursor.streaming(update, false);
    UpdateWriter out = new UpdateWriter(update.length);
    while (c.has()) {
      StructRef s = c.cur;
      if (s.kind == StructRef.SKIP) {
        c.advance();
        continue;
      }
      long client = s.client;
      long known = stateVector.clockOf(client);
      if (s.endClock() > known) {
        if (known > s.clock) {
          s.sliceFront(known - s.clock);
        }
        out.write(s);
        c.advance();
        while (c.has() && c.cur.client == client) {
          out.write(c.cur);
          c.advance();
        }
      } else {
        while (c.has() && c.cur.client == client && c.cur.endClock() <= known) {
          c.advance();
        }
      }
    }
    DeleteRanges ds = c.readDeleteSet();
    return out.finish(ds::writeAsRead);
  }

  /**
   * The state vector a document would have after applying only {@code update}: for each client whose
   * structs start at clock 0, where they stop being contiguous (the first Skip). O(bytes).
   *
   * <p>yjs counts a Skip that is the very first struct of the update (a form neither yjs nor this class
   * writes); we do not, as a Skip means the clocks are missing.
   */
  public static YStateVector stateVector(byte[] update) {
    StructCursor c = StructCursor.streaming(update, false);
    List<long[]> entries = new ArrayList<>();
    if (c.has()) {
      long runClient = c.cur.client;
      long runClock = 0;
      boolean contiguous = c.cur.clock == 0;
      for (; c.has(); c.advance()) {
        StructRef s = c.cur;
        if (s.client != runClient) {
          if (runClock != 0) {
            entries.add(new long[] {runClient, runClock});
          }
          runClient = s.client;
          runClock = 0;
          contiguous = s.clock == 0;
        }
        if (s.kind == StructRef.SKIP) {
          contiguous = false;
        }
        if (contiguous) {
          runClock = s.endClock();
        }
      }
      if (runClock != 0) {
        entries.add(new long[] {runClient, runClock});
      }
    }
    c.readDeleteSet();
    long[] clients = new long[entries.size()];
    long[] clocks = new long[entries.size()];
    for (int i = 0; i < clients.length; i++) {
      clients[i] = entries.get(i)[0];
      clocks[i] = entries.get(i)[1];
    }
    return new YStateVector(clients, clocks);
  }

  /** {@code encodeStateVectorFromUpdate}: the encoded {@link #stateVector(byte[])}. */
  public static byte[] encodeStateVectorFromUpdate(byte[] update) {
    return stateVector(update).encode();
  }
}

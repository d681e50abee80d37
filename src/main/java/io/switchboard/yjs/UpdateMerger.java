package io.switchboard.yjs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Merges v1 updates into one, with the semantics and output of yjs's {@code mergeUpdates}.
 *
 * <p>Each input is walked once by a {@link StructCursor} (Skips in the inputs are dropped: a gap is a gap
 * whoever wrote it). The cursors wait in a queue ordered by their current struct: higher client first,
 * then lower clock. yjs re-sorts its array of decoders with a stable sort on every step; as only the head
 * moves, the head always lands in front of the decoders whose struct has the same key. Giving every
 * re-queued cursor a fresh, smaller order number reproduces that exactly with a heap. (yjs's comparator
 * also prefers a GC over an Item at the same position in a way that depends on V8's sort internals; we
 * keep input order there, so in that one case our bytes may differ while the document is the same.)
 *
 * <p>One struct is held back ("pending") so that the next one can be compared against it:
 * <ul>
 *   <li>structs a cursor holds that end before the pending one ends were written already: skipped;</li>
 *   <li>a struct that starts after the pending one ends leaves a gap, written as a Skip;</li>
 *   <li>a struct overlapping the pending one is cut to start where the pending one ends; two adjacent
 *       GCs join (items never do: yjs only joins integrated items).</li>
 * </ul>
 *
 * <p>Cost: O(total bytes + s log k) time for s structs in k inputs; memory is the output plus O(k).
 */
final class UpdateMerger {
  private static final Comparator<StructCursor> ORDER = (a, b) -> {
    if (a.cur.client != b.cur.client) {
      return Long.compare(b.cur.client, a.cur.client);
    }
    if (a.cur.clock != b.cur.clock) {
      return Long.compare(a.cur.clock, b.cur.clock);
    }
    return Long.compare(a.order, b.order);
  };

  private final PriorityQueue<StructCursor> queue;
  private final List<StructCursor> cursors;
  private final StructRef pending = new StructRef();
  private boolean hasPending;
  private long nextOrder = -1;
  private final UpdateWriter out;

  private UpdateMerger(List<byte[]> updates) {
    int total = 0;
    cursors = new ArrayList<>(updates.size());
    queue = new PriorityQueue<>(Math.max(1, updates.size()), ORDER);
    for (int i = 0; i < updates.size(); i++) {
      byte[] update = updates.get(i);
      total += update.length;
      StructCursor c = StructCursor.streaming(update, true);
      c.order = i;
      cursors.add(c);
      if (c.has()) {
        queue.add(c);
      }
    }
    out = new UpdateWriter(total);
  }

  static byte[] merge(List<byte[]> updates) {
    if (updates.size() == 1) {
      // yjs returns a single update unchanged
      YUpdates.validate(updates.get(0));
      return updates.get(0).clone();
    }
    return new UpdateMerger(updates).run();
  }

  private byte[] run() {
    while (!queue.isEmpty()) {
      step(queue.poll());
    }
    if (hasPending) {
      out.write(pending);
    }
    List<DeleteRanges> deleteSets = new ArrayList<>(cursors.size());
    for (StructCursor c : cursors) {
      deleteSets.add(c.readDeleteSet());
    }
    return out.finish(enc -> DeleteRanges.writeMerged(deleteSets, enc));
  }

  private void step(StructCursor c) {
    long client = c.cur.client;
    if (!hasPending) {
      pending.copyFrom(c.cur);
      hasPending = true;
      c.advance();
    } else {
      boolean skipped = false;
      while (c.has() && c.cur.endClock() <= pending.endClock() && c.cur.client >= pending.client) {
        c.advance();
        skipped = true;
      }
      if (!c.has() || c.cur.client != client || (skipped && c.cur.clock > pending.endClock())) {
        requeue(c); // another cursor may now come first
        return;
      }
      if (client != pending.client) {
        out.write(pending);
        pending.copyFrom(c.cur);
        c.advance();
      } else if (pending.endClock() < c.cur.clock) {
        out.write(pending);
        pending.setSkip(client, pending.endClock(), c.cur.clock - pending.endClock());
      } else {
        long overlap = pending.endClock() - c.cur.clock;
        if (pending.kind == StructRef.GC && c.cur.kind == StructRef.GC) {
          // joined; the cursor stays and is skipped next time as it ends inside the pending GC
          pending.length += c.cur.length - overlap;
        } else {
          out.write(pending);
          pending.copyFrom(c.cur);
          pending.sliceFront(overlap);
          c.advance();
        }
      }
    }
    // take the run of structs this cursor has right after the pending one
    while (c.has() && c.cur.client == client && c.cur.clock == pending.endClock()) {
      out.write(pending);
      pending.copyFrom(c.cur);
      c.advance();
    }
    requeue(c);
  }

  private void requeue(StructCursor c) {
    if (c.has()) {
      c.order = nextOrder--;
      queue.add(c);
    }
  }
}

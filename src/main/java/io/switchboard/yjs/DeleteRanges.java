package io.switchboard.yjs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A delete set as read from the wire: per client (in wire order, repeats and empty entries kept) a list of
 * (clock, length) pairs in primitive arrays. Written back in yjs's canonical form: clients with no range
 * dropped, clients in descending order.
 */
final class DeleteRanges {
  final List<Client> clients = new ArrayList<>();

  /** Ranges of one client as pairs: {@code pairs[2i]} clock, {@code pairs[2i+1]} length. */
  static final class Client {
    final long client;
    long[] pairs;
    int count;

    Client(long client, int capacity) {
      this.client = client;
      this.pairs = new long[Math.max(2, capacity * 2)];
    }

    void add(long clock, long length) {
      if (count * 2 == pairs.length) {
        pairs = Arrays.copyOf(pairs, pairs.length * 2);
      }
      pairs[count * 2] = clock;
      pairs[count * 2 + 1] = length;
      count++;
    }

    void addAll(Client other) {
      for (int i = 0; i < other.count; i++) {
        add(other.pairs[2 * i], other.pairs[2 * i + 1]);
      }
    }
  }

  /** Reads a delete set: varuint client count; per client varuint client, varuint range count, ranges. */
  static DeleteRanges read(Lib0Decoder in) {
    DeleteRanges ds = new DeleteRanges();
    long clientCount = in.readVarUint();
    for (long i = 0; i < clientCount; i++) {
      long client = in.readVarUint();
      long n = in.readVarUint();
      Client c = new Client(client, (int) Math.min(n, in.remaining() / 2));
      for (long j = 0; j < n; j++) {
        long clock = in.readVarUint();
        long length = in.readVarUint();
        if (length > Lib0Decoder.MAX_SAFE_INTEGER - clock) {
          throw new MalformedUpdateException("deleted range beyond 2^53-1 for client " + client);
        }
        c.add(clock, length);
      }
      ds.clients.add(c);
    }
    return ds;
  }

  /**
   * The delete set as diffUpdate writes it: ranges of a client concatenated in wire order (not sorted),
   * empty clients dropped, clients descending. O(r + c log c).
   */
  void writeAsRead(Lib0Encoder out) {
    Map<Long, Client> byClient = new LinkedHashMap<>();
    for (Client c : clients) {
      if (c.count > 0) {
        byClient.computeIfAbsent(c.client, k -> new Client(k, c.count)).addAll(c);
      }
    }
    write(byClient, out);
  }

  /**
   * Union of several delete sets as mergeUpdates writes it: per client all ranges sorted by clock, and
   * ranges that overlap or touch joined. O(r log r) for r ranges.
   */
  static void writeMerged(List<DeleteRanges> sets, Lib0Encoder out) {
    Map<Long, Client> byClient = new HashMap<>();
    for (DeleteRanges ds : sets) {
      for (Client c : ds.clients) {
        if (c.count > 0) {
          byClient.computeIfAbsent(c.client, k -> new Client(k, c.count)).addAll(c);
        }
      }
    }
    for (Client c : byClient.values()) {
      sortAndJoin(c);
    }
    write(byClient, out);
  }

  private static void write(Map<Long, Client> byClient, Lib0Encoder out) {
    long[] ids = new long[byClient.size()];
    int k = 0;
    for (Long id : byClient.keySet()) {
      ids[k++] = id;
    }
    Arrays.sort(ids);
    out.writeVarUint(ids.length);
    for (int i = ids.length - 1; i >= 0; i--) {
      Client c = byClient.get(ids[i]);
      out.writeVarUint(c.client);
      out.writeVarUint(c.count);
      for (int j = 0; j < 2 * c.count; j++) {
        out.writeVarUint(c.pairs[j]);
      }
    }
  }

  private static void sortAndJoin(Client c) {
    sortPairsByClock(c.pairs, c.count);
    long[] p = c.pairs;
    int kept = 1;
    for (int i = 1; i < c.count; i++) {
      long lastClock = p[2 * (kept - 1)];
      long lastEnd = lastClock + p[2 * (kept - 1) + 1];
      long clock = p[2 * i];
      long end = clock + p[2 * i + 1];
      if (lastEnd >= clock) {
        p[2 * (kept - 1) + 1] = Math.max(lastEnd, end) - lastClock;
      } else {
        p[2 * kept] = clock;
        p[2 * kept + 1] = p[2 * i + 1];
        kept++;
      }
    }
    c.count = Math.min(kept, c.count);
  }

  /**
   * Stable bottom-up merge sort of (clock, length) pairs by clock; already-sorted input (the usual case)
   * costs one pass. Ranges with equal clocks always join, so stability does not change the result.
   */
  static void sortPairsByClock(long[] pairs, int n) {
    boolean sorted = true;
    for (int i = 1; i < n && sorted; i++) {
      sorted = pairs[2 * (i - 1)] <= pairs[2 * i];
    }
    if (sorted) {
      return;
    }
    long[] a = pairs;
    long[] b = new long[2 * n];
    for (int width = 1; width < n; width *= 2) {
      for (int lo = 0; lo < n; lo += 2 * width) {
        int mid = Math.min(lo + width, n);
        int hi = Math.min(lo + 2 * width, n);
        int i = lo;
        int j = mid;
        int k = lo;
        while (i < mid || j < hi) {
          int from = j >= hi || (i < mid && a[2 * i] <= a[2 * j]) ? i++ : j++;
          b[2 * k] = a[2 * from];
          b[2 * k + 1] = a[2 * from + 1];
          k++;
        }
      }
      long[] t = a;
      a = b;
      b = t;
    }
    if (a != pairs) {
      System.arraycopy(a, 0, pairs, 0, 2 * n);
    }
  }
}

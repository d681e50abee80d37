package io.switchboard.yjs;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A state vector: per client, the next clock expected (everything below is known). Keeps its entries in
 * wire order so that {@link #encode()} reproduces what it was decoded from; for lookups a later entry of
 * the same client wins, as in yjs's {@code decodeStateVector}. Immutable.
 *
 * <p>Wire form: varuint entry count, then per entry varuint client and varuint clock.
 */
public final class YStateVector {
  public static final YStateVector EMPTY = new YStateVector(new long[0], new long[0]);

  private final long[] clients;
  private final long[] clocks;
  private final long[] sortedClients;
  private final long[] sortedClocks;

  YStateVector(long[] clients, long[] clocks) {
    this.clients = clients;
    this.clocks = clocks;
    Map<Long, Long> last = new LinkedHashMap<>();
    for (int i = 0; i < clients.length; i++) {
      last.put(clients[i], clocks[i]);
    }
    sortedClients = last.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
    sortedClocks = new long[sortedClients.length];
    for (int i = 0; i < sortedClients.length; i++) {
      sortedClocks[i] = last.get(sortedClients[i]);
    }
  }

  /** Entries ordered as yjs's {@code encodeStateVector} writes them: clients descending. */
  public static YStateVector of(Map<Long, Long> clockByClient) {
    long[] ids = clockByClient.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
    long[] clients = new long[ids.length];
    long[] clocks = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      long id = ids[ids.length - 1 - i];
      long clock = clockByClient.get(id);
      if (id < 0 || id > Lib0Decoder.MAX_SAFE_INTEGER || clock < 0 || clock > Lib0Decoder.MAX_SAFE_INTEGER) {
        throw new IllegalArgumentException("client or clock out of range: " + id + " " + clock);
      }
      clients[i] = id;
      clocks[i] = clock;
    }
    return new YStateVector(clients, clocks);
  }

  /** O(bytes); refuses truncated input and trailing bytes. */
  public static YStateVector decode(byte[] bytes) {
    Lib0Decoder in = new Lib0Decoder(bytes);
    int n = in.readCount(2, "state vector");
    long[] clients = new long[n];
    long[] clocks = new long[n];
    for (int i = 0; i < n; i++) {
      clients[i] = in.readVarUint();
      clocks[i] = in.readVarUint();
    }
    in.expectEnd("state vector");
    return new YStateVector(clients, clocks);
  }

  public byte[] encode() {
    Lib0Encoder out = new Lib0Encoder(4 + clients.length * 8);
    out.writeVarUint(clients.length);
    for (int i = 0; i < clients.length; i++) {
      out.writeVarUint(clients[i]);
      out.writeVarUint(clocks[i]);
    }
    return out.toByteArray();
  }

  /** The next clock expected from {@code client}; 0 when the client is unknown. O(log n). */
  public long clockOf(long client) {
    int i = Arrays.binarySearch(sortedClients, client);
    return i >= 0 ? sortedClocks[i] : 0;
  }

  /** Number of wire entries (a client may repeat; see the class comment). */
  public int size() {
    return clients.length;
  }

  /** Clock per client in wire order of first appearance, later entries winning. */
  public Map<Long, Long> toMap() {
    Map<Long, Long> map = new LinkedHashMap<>();
    for (int i = 0; i < clients.length; i++) {
      map.put(clients[i], clocks[i]);
    }
    return map;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof YStateVector v && Arrays.equals(clients, v.clients) && Arrays.equals(clocks, v.clocks);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(clients) + Arrays.hashCode(clocks);
  }

  @Override
  public String toString() {
    return "YStateVector" + toMap();
  }
}

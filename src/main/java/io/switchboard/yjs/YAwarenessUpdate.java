package io.switchboard.yjs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An awareness update (y-protocols awareness.js): per client its clock and its state as JSON text; the
 * state {@code null} removes the client.
 */
public record YAwarenessUpdate(List<Entry> entries) {
  public YAwarenessUpdate {
    entries = List.copyOf(entries);
  }

  /** One client's awareness state at {@code clock}. */
  public record Entry(long clientId, long clock, String stateJson) {
    public Entry {
      if (clientId < 0 || clientId > Lib0Decoder.MAX_SAFE_INTEGER || clock < 0 || clock > Lib0Decoder.MAX_SAFE_INTEGER) {
        throw new IllegalArgumentException("client id or clock out of range");
      }
      if (stateJson == null) {
        throw new NullPointerException("stateJson: use \"null\" to remove a client");
      }
    }

    /** True when the state is JSON null, which removes the client from the peers' awareness. */
    public boolean isRemoval() {
      return stateJson.strip().equals("null");
    }
  }

  /**
   * The update a server sends when peers disconnect: each client with the clock after the last one seen
   * and state null, so that every peer drops it (a peer only accepts a newer clock, or the same clock
   * with null).
   *
   * @param lastClockByClient the last clock seen from each client to remove
   */
  public static YAwarenessUpdate removing(Map<Long, Long> lastClockByClient) {
    List<Entry> entries = new ArrayList<>(lastClockByClient.size());
    lastClockByClient.forEach((client, clock) -> entries.add(new Entry(client, clock + 1, "null")));
    return new YAwarenessUpdate(entries);
  }
}

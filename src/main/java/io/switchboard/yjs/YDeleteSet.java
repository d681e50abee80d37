package io.switchboard.yjs;

import java.util.List;

/** Deleted ranges per client, in the order they were written. */
public record YDeleteSet(List<Entry> clients) {
  public static final YDeleteSet EMPTY = new YDeleteSet(List.of());

  public YDeleteSet {
    clients = List.copyOf(clients);
  }

  /** The deleted ranges of one client. */
  public record Entry(long client, List<Range> ranges) {
    public Entry {
      ranges = List.copyOf(ranges);
    }
  }

  /** Clocks {@code [clock, clock + length)} are deleted. */
  public record Range(long clock, long length) {
  }
}

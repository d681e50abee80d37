package io.switchboard.yjs;

import java.util.List;

/** One section of an update: structs of {@code client}, the first starting at {@code clock}. */
public record YClientStructs(long client, long clock, List<YStruct> structs) {
  public YClientStructs {
    structs = List.copyOf(structs);
  }
}

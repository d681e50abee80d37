package io.switchboard.yjs;

import java.util.List;

/** A decoded Yjs v1 update: struct sections in wire order, then the delete set. */
public record YUpdate(List<YClientStructs> clients, YDeleteSet deleteSet) {
  public YUpdate {
    clients = List.copyOf(clients);
  }
}

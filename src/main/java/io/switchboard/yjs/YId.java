package io.switchboard.yjs;

/** A struct id: the client that created it and its clock (position in that client's sequence). */
public record YId(long client, long clock) {
  @Override
  public String toString() {
    return client + ":" + clock;
  }
}

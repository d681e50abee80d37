package io.switchboard.yjs;

import java.util.Arrays;

/**
 * An immutable run of bytes inside a Yjs value: the state vector or update of a sync message, the payload
 * of an unknown message, a Uint8Array content. Compared by content; printed by size only, since the bytes
 * themselves say nothing to a reader of a log.
 *
 * <p>Why a class rather than {@code byte[]} record components: a record compares and prints arrays by
 * identity, and hands out its array to anyone who asks, so every such record had to repeat a defensive
 * copy, {@code equals}, {@code hashCode} and {@code toString}.
 */
public final class YBytes {
  private final byte[] bytes;

  private YBytes(byte[] bytes) {
    this.bytes = bytes;
  }

  /** A copy of {@code bytes}: later changes to the array do not show. */
  public static YBytes copyOf(byte[] bytes) {
    return new YBytes(bytes.clone());
  }

  /**
   * Takes {@code bytes} without copying. Only for an array nobody else holds (one a decoder has just
   * allocated): this is what keeps the relay path to one copy of each update.
   */
  static YBytes adopt(byte[] bytes) {
    return new YBytes(bytes);
  }

  /** A copy of the bytes. */
  public byte[] toArray() {
    return bytes.clone();
  }

  public int length() {
    return bytes.length;
  }

  /** The bytes themselves, for the encoders of this package, which only read them. */
  byte[] array() {
    return bytes;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof YBytes b && Arrays.equals(bytes, b.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return bytes.length + " bytes";
  }
}

package io.switchboard.yjs;

/** Where an item lives, written only when neither origin is known (yjs reads it from the origin otherwise). */
public sealed interface YParent {
  /** A root type, {@code doc.get(name)}. */
  record Root(String name) implements YParent {
  }

  /** A nested type: the item whose {@link YContent.Type} content is the parent. */
  record Nested(YId item) implements YParent {
  }
}

package io.switchboard.yjs;

/** JavaScript's {@code undefined} as a lib0 {@code any} value (tag 127); {@code null} stands for JSON null. */
public enum JsUndefined {
  INSTANCE;

  @Override
  public String toString() {
    return "undefined";
  }
}

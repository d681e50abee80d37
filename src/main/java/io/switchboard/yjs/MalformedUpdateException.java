package io.switchboard.yjs;

/**
 * Bytes that are not a well-formed lib0 value, Yjs v1 update, state vector or y-websocket message:
 * truncated input, a length prefix longer than what is left, an unknown content or type reference,
 * invalid UTF-8 or JSON where yjs would parse it, numbers beyond what JavaScript represents exactly,
 * or trailing bytes. Thrown before any result is produced, so nothing is ever half applied.
 */
public final class MalformedUpdateException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MalformedUpdateException(String message) {
    super(message);
  }
}

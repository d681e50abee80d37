package io.switchboard.yjs;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads lib0 values (lib0/decoding.js, the encoding under Yjs updates and y-protocols messages) from a
 * slice of a byte array. Every read is bounds-checked and fails with {@link MalformedUpdateException};
 * a length prefix is checked against the bytes left before anything is allocated.
 *
 * <p>Integers follow JavaScript: a varuint or varint above {@link #MAX_SAFE_INTEGER} is refused (lib0
 * throws "Integer out of range" too). {@code any} values decode to Java as: undefined →
 * {@link JsUndefined#INSTANCE}, null → {@code null}, integer → {@link Long} (negative zero, which lib0
 * writes for {@code -0}, → {@code Double -0.0}), float32/float64 → {@link Double}, bigint →
 * {@link BigInteger}, booleans, strings, object → {@code LinkedHashMap} in wire order, array →
 * {@code ArrayList}, Uint8Array → {@code byte[]}.
 */
public final class Lib0Decoder {
  /** {@code Number.MAX_SAFE_INTEGER}: the largest integer JavaScript represents exactly. */
  public static final long MAX_SAFE_INTEGER = (1L << 53) - 1;
  /** Deepest nesting of {@code any} arrays/objects accepted (V8 would overflow its stack far later). */
  public static final int MAX_ANY_DEPTH = 1000;

  static final int ANY_UNDEFINED = 127;
  static final int ANY_NULL = 126;
  static final int ANY_INTEGER = 125;
  static final int ANY_FLOAT32 = 124;
  static final int ANY_FLOAT64 = 123;
  static final int ANY_BIGINT = 122;
  static final int ANY_FALSE = 121;
  static final int ANY_TRUE = 120;
  static final int ANY_STRING = 119;
  static final int ANY_OBJECT = 118;
  static final int ANY_ARRAY = 117;
  static final int ANY_BYTES = 116;

  private final byte[] buf;
  private final int limit;
  private int pos;
  private boolean lastVarIntNegative;

  public Lib0Decoder(byte[] buf) {
    this(buf, 0, buf.length);
  }

  public Lib0Decoder(byte[] buf, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, buf.length);
    this.buf = buf;
    this.pos = offset;
    this.limit = offset + length;
  }

  public int position() {
    return pos;
  }

  public int remaining() {
    return limit - pos;
  }

  public boolean hasRemaining() {
    return pos < limit;
  }

  /** Fails unless every byte was read: Yjs payloads are self-delimiting, trailing bytes mean corruption. */
  public void expectEnd(String what) {
    if (pos != limit) {
      throw new MalformedUpdateException(what + ": " + (limit - pos) + " unexpected trailing bytes");
    }
  }

  public int readUint8() {
    if (pos >= limit) {
      throw truncated("uint8");
    }
    return buf[pos++] & 0xFF;
  }

  /** Unsigned LEB128, at most {@link #MAX_SAFE_INTEGER}; non-minimal encodings are accepted as lib0 does. */
  public long readVarUint() {
    long num = 0;
    for (int shift = 0; shift <= 49; shift += 7) {
      if (pos >= limit) {
        throw truncated("varuint");
      }
      int b = buf[pos++] & 0xFF;
      num |= (long) (b & 0x7F) << shift;
      if (b < 0x80) {
        if (num > MAX_SAFE_INTEGER) {
          throw new MalformedUpdateException("varuint " + num + " exceeds 2^53-1");
        }
        return num;
      }
    }
    throw new MalformedUpdateException("varuint longer than 8 bytes");
  }

  /**
   * A varuint count of items each taking at least {@code minBytesEach} bytes, refused if the bytes left
   * after it cannot hold that many, so that no caller allocates or loops on a lying prefix.
   */
  int readCount(int minBytesEach, String what) {
    long n = readVarUint();
    long max = remaining() / minBytesEach;
    if (n > max) {
      throw new MalformedUpdateException(what + " of " + n + " does not fit in the " + remaining() + " bytes left");
    }
    return (int) n;
  }

  /** A varuint byte length, refused if longer than the bytes left. */
  int readLength(String what) {
    return readCount(1, what);
  }

  /**
   * lib0's signed varint: the first byte holds a continuation bit, a sign bit and 6 bits of magnitude.
   * Negative zero reads as 0; {@link #readAny} keeps it apart.
   */
  public long readVarInt() {
    int b = readUint8();
    long num = b & 0x3F;
    lastVarIntNegative = (b & 0x40) != 0;
    if (b >= 0x80) {
      int shift = 6;
      while (true) {
        if (shift > 55) {
          throw new MalformedUpdateException("varint longer than 9 bytes");
        }
        if (pos >= limit) {
          throw truncated("varint");
        }
        b = buf[pos++] & 0xFF;
        num |= (long) (b & 0x7F) << shift;
        if (num > MAX_SAFE_INTEGER || num < 0) {
          throw new MalformedUpdateException("varint exceeds 2^53-1");
        }
        if (b < 0x80) {
          break;
        }
        shift += 7;
      }
    }
    return lastVarIntNegative ? -num : num;
  }

  /** A varuint byte length followed by that many bytes of well-formed UTF-8. */
  public String readVarString() {
    int len = readLength("string");
    if (Utf8.utf16Length(buf, pos, len) < 0) {
      throw new MalformedUpdateException("string is not well-formed UTF-8");
    }
    String s = new String(buf, pos, len, StandardCharsets.UTF_8);
    pos += len;
    return s;
  }

  /** Skips a varstring after checking its UTF-8; returns its UTF-16 length. */
  int skipVarString() {
    int len = readLength("string");
    int units = Utf8.utf16Length(buf, pos, len);
    if (units < 0) {
      throw new MalformedUpdateException("string is not well-formed UTF-8");
    }
    pos += len;
    return units;
  }

  public byte[] readVarUint8Array() {
    int len = readLength("byte array");
    byte[] out = Arrays.copyOfRange(buf, pos, pos + len);
    pos += len;
    return out;
  }

  /**
   * Skips a varstring that {@code JSON.parse} must accept; with {@code allowUndefined} the literal
   * {@code undefined} passes too (legacy JSON content writes it for undefined elements).
   */
  void skipVarJson(boolean allowUndefined) {
    int len = readLength("JSON string");
    checkJson(pos, len, allowUndefined);
    pos += len;
  }

  /** A varstring that {@code JSON.parse} must accept. */
  String readVarJson() {
    int len = readLength("JSON string");
    int start = pos;
    checkJson(start, len, false);
    pos += len;
    return new String(buf, start, len, StandardCharsets.UTF_8);
  }

  private void checkJson(int at, int len, boolean allowUndefined) {
    if (Utf8.utf16Length(buf, at, len) < 0) {
      throw new MalformedUpdateException("string is not well-formed UTF-8");
    }
    if (!(allowUndefined && isUndefinedLiteral(at, len)) && !JsonSyntax.isValid(buf, at, len)) {
      throw new MalformedUpdateException("string is not valid JSON");
    }
  }

  private boolean isUndefinedLiteral(int at, int len) {
    String undefined = "undefined";
    if (len != undefined.length()) {
      return false;
    }
    for (int i = 0; i < len; i++) {
      if (buf[at + i] != undefined.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  void skipVarUint8Array() {
    int len = readLength("byte array");
    pos += len;
  }

  void skip(int n, String what) {
    if (n > remaining()) {
      throw truncated(what);
    }
    pos += n;
  }

  public double readFloat32() {
    return Float.intBitsToFloat((int) readBigEndian(4, "float32"));
  }

  public double readFloat64() {
    return Double.longBitsToDouble(readBigEndian(8, "float64"));
  }

  public long readBigInt64() {
    return readBigEndian(8, "bigint64");
  }

  private long readBigEndian(int n, String what) {
    if (n > remaining()) {
      throw truncated(what);
    }
    long v = 0;
    for (int i = 0; i < n; i++) {
      v = (v << 8) | (buf[pos++] & 0xFF);
    }
    return v;
  }

  /** Reads one lib0 {@code any} value (see the class comment for the Java types). */
  public Object readAny() {
    return readAny(0);
  }

  private Object readAny(int depth) {
    int tag = readUint8();
    switch (tag) {
      case ANY_UNDEFINED:
        return JsUndefined.INSTANCE;
      case ANY_NULL:
        return null;
      case ANY_INTEGER: {
        long v = readVarInt();
        return v == 0 && lastVarIntNegative ? (Object) (-0.0d) : (Object) v;
      }
      case ANY_FLOAT32:
        return readFloat32();
      case ANY_FLOAT64:
        return readFloat64();
      case ANY_BIGINT:
        return BigInteger.valueOf(readBigInt64());
      case ANY_FALSE:
        return Boolean.FALSE;
      case ANY_TRUE:
        return Boolean.TRUE;
      case ANY_STRING:
        return readVarString();
      case ANY_OBJECT: {
        checkDepth(depth);
        int n = readCount(2, "object");
        Map<String, Object> obj = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
          String key = readVarString();
          obj.put(key, readAny(depth + 1));
        }
        return obj;
      }
      case ANY_ARRAY: {
        checkDepth(depth);
        int n = readCount(1, "array");
        List<Object> arr = new ArrayList<>(Math.min(n, 64));
        for (int i = 0; i < n; i++) {
          arr.add(readAny(depth + 1));
        }
        return arr;
      }
      case ANY_BYTES:
        return readVarUint8Array();
      default:
        throw new MalformedUpdateException("unknown any type tag " + tag);
    }
  }

  private static void checkDepth(int depth) {
    if (depth >= MAX_ANY_DEPTH) {
      throw new MalformedUpdateException("any value nested deeper than " + MAX_ANY_DEPTH);
    }
  }

  /**
   * Skips one {@code any} value, checking it as {@link #readAny} would but without building it:
   * iterative, O(bytes), allocates only the nesting stack.
   *
   * @return the tag of the value skipped
   */
  int skipAny() {
    long[] pending = null; // values still to read per open array/object; sign bit marks an object
    int depth = 0;
    int firstTag = -1;
    do {
      if (depth > 0) {
        long top = pending[depth - 1];
        boolean isObject = top < 0;
        long left = top & Long.MAX_VALUE;
        if (left == 0) {
          depth--;
          continue;
        }
        pending[depth - 1] = (left - 1) | (isObject ? Long.MIN_VALUE : 0);
        if (isObject) {
          skipVarString();
        }
      }
      int tag = readUint8();
      if (firstTag < 0) {
        firstTag = tag;
      }
      switch (tag) {
        case ANY_UNDEFINED, ANY_NULL, ANY_FALSE, ANY_TRUE -> { }
        case ANY_INTEGER -> readVarInt();
        case ANY_FLOAT32 -> skip(4, "float32");
        case ANY_FLOAT64, ANY_BIGINT -> skip(8, "float64");
        case ANY_STRING -> skipVarString();
        case ANY_BYTES -> skipVarUint8Array();
        case ANY_OBJECT, ANY_ARRAY -> {
          long n = readCount(tag == ANY_OBJECT ? 2 : 1, "any container");
          if (depth >= MAX_ANY_DEPTH) {
            throw new MalformedUpdateException("any value nested deeper than " + MAX_ANY_DEPTH);
          }
          if (pending == null) {
            pending = new long[8];
          } else if (depth == pending.length) {
            pending = Arrays.copyOf(pending, depth * 2);
          }
          pending[depth++] = n | (tag == ANY_OBJECT ? Long.MIN_VALUE : 0);
        }
        default -> throw new MalformedUpdateException("unknown any type tag " + tag);
      }
    } while (depth > 0);
    return firstTag;
  }

  private static MalformedUpdateException truncated(String what) {
    return new MalformedUpdateException("unexpected end of input reading " + what);
  }
}

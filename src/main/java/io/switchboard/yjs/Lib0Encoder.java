package io.switchboard.yjs;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes lib0 values (lib0/encoding.js) into a growing byte array. The output is byte-identical to lib0's
 * for the same JavaScript values, including {@code writeAny}'s choice of number encoding: integers with
 * magnitude below 2^31 as varint (negative zero keeps its sign bit), other numbers as float32 when that is
 * exact, else float64.
 */
public final class Lib0Encoder {
  private static final long MAX_ANY_INTEGER = 0x7FFF_FFFFL; // lib0 writes |n| <= 2^31-1 as varint

  private byte[] buf;
  private int size;

  public Lib0Encoder() {
    this(64);
  }

  public Lib0Encoder(int initialCapacity) {
    buf = new byte[Math.max(initialCapacity, 16)];
  }

  public int size() {
    return size;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }

  private void ensure(int extra) {
    int need = size + extra;
    if (need < 0) {
      throw new IllegalStateException("encoder over 2 GiB");
    }
    if (need > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(need, buf.length * 2));
    }
  }

  public void writeUint8(int b) {
    ensure(1);
    buf[size++] = (byte) b;
  }

  public void writeBytes(byte[] src, int off, int len) {
    ensure(len);
    System.arraycopy(src, off, buf, size, len);
    size += len;
  }

  public void writeBytes(byte[] src) {
    writeBytes(src, 0, src.length);
  }

  public void writeVarUint(long num) {
    if (num < 0 || num > Lib0Decoder.MAX_SAFE_INTEGER) {
      throw new IllegalArgumentException("varuint out of range: " + num);
    }
    ensure(8);
    while (num > 0x7F) {
      buf[size++] = (byte) (0x80 | (num & 0x7F));
      num >>>= 7;
    }
    buf[size++] = (byte) num;
  }

  /** Number of bytes {@link #writeVarUint} uses for {@code num}. */
  static int varUintSize(long num) {
    int n = 1;
    while (num > 0x7F) {
      num >>>= 7;
      n++;
    }
    return n;
  }

  public void writeVarInt(long num) {
    writeVarInt(Math.abs(num), num < 0);
  }

  private void writeVarInt(long magnitude, boolean negative) {
    if (magnitude > Lib0Decoder.MAX_SAFE_INTEGER || magnitude < 0) {
      throw new IllegalArgumentException("varint out of range");
    }
    ensure(9);
    buf[size++] = (byte) ((magnitude > 0x3F ? 0x80 : 0) | (negative ? 0x40 : 0) | (magnitude & 0x3F));
    magnitude >>>= 6;
    while (magnitude > 0) {
      buf[size++] = (byte) ((magnitude > 0x7F ? 0x80 : 0) | (magnitude & 0x7F));
      magnitude >>>= 7;
    }
  }

  /** UTF-8 with a varuint byte length; lone surrogates become U+FFFD as with {@code TextEncoder}. */
  public void writeVarString(String s) {
    int len = Utf8.encodedLength(s);
    writeVarUint(len);
    ensure(len);
    size = Utf8.encode(s, buf, size);
  }

  public void writeVarUint8Array(byte[] bytes) {
    writeVarUint(bytes.length);
    writeBytes(bytes);
  }

  public void writeFloat32(float f) {
    writeBigEndian(Float.floatToRawIntBits(f), 4);
  }

  public void writeFloat64(double d) {
    writeBigEndian(Double.doubleToRawLongBits(d), 8);
  }

  public void writeBigInt64(long v) {
    writeBigEndian(v, 8);
  }

  private void writeBigEndian(long v, int n) {
    ensure(n);
    for (int i = n - 1; i >= 0; i--) {
      buf[size++] = (byte) (v >>> (8 * i));
    }
  }

  /**
   * Writes a lib0 {@code any} value. Accepted Java types: {@code null}, {@link JsUndefined}, Boolean,
   * String, Byte/Short/Integer/Long (|n| up to 2^53-1, as a JavaScript number), Float/Double,
   * {@link BigInteger} (as bigint64), {@code byte[]}, {@code List}, {@code Map} with String keys (in
   * iteration order).
   *
   * @throws IllegalArgumentException for anything else
   */
  public void writeAny(Object value) {
    if (value == null) {
      writeUint8(Lib0Decoder.ANY_NULL);
    } else if (value instanceof JsUndefined) {
      writeUint8(Lib0Decoder.ANY_UNDEFINED);
    } else if (value instanceof Boolean b) {
      writeUint8(b ? Lib0Decoder.ANY_TRUE : Lib0Decoder.ANY_FALSE);
    } else if (value instanceof String s) {
      writeUint8(Lib0Decoder.ANY_STRING);
      writeVarString(s);
    } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
      long n = ((Number) value).longValue();
      if (Math.abs(n) <= MAX_ANY_INTEGER) {
        writeUint8(Lib0Decoder.ANY_INTEGER);
        writeVarInt(n);
      } else if (Math.abs(n) <= Lib0Decoder.MAX_SAFE_INTEGER) {
        writeJsNumber((double) n);
      } else {
        throw new IllegalArgumentException("integer " + n + " is not exact as a JavaScript number; use BigInteger");
      }
    } else if (value instanceof Double || value instanceof Float) {
      writeJsNumber(((Number) value).doubleValue());
    } else if (value instanceof BigInteger big) {
      if (big.bitLength() > 63) {
        throw new IllegalArgumentException("bigint does not fit 64 bits: " + big);
      }
      writeUint8(Lib0Decoder.ANY_BIGINT);
      writeBigInt64(big.longValue());
    } else if (value instanceof byte[] bytes) {
      writeUint8(Lib0Decoder.ANY_BYTES);
      writeVarUint8Array(bytes);
    } else if (value instanceof List<?> list) {
      writeUint8(Lib0Decoder.ANY_ARRAY);
      writeVarUint(list.size());
      for (Object o : list) {
        writeAny(o);
      }
    } else if (value instanceof Map<?, ?> map) {
      writeUint8(Lib0Decoder.ANY_OBJECT);
      writeVarUint(map.size());
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!(e.getKey() instanceof String key)) {
          throw new IllegalArgumentException("object key is not a String: " + e.getKey());
        }
        writeVarString(key);
        writeAny(e.getValue());
      }
    } else {
      throw new IllegalArgumentException("no lib0 any encoding for " + value.getClass().getName());
    }
  }

  private void writeJsNumber(double d) {
    boolean integer = !Double.isInfinite(d) && d == Math.rint(d);
    if (integer && Math.abs(d) <= MAX_ANY_INTEGER) {
      writeUint8(Lib0Decoder.ANY_INTEGER);
      // sign from the bits, so that -0 keeps its sign bit as lib0's isNegativeZero check does
      writeVarInt((long) Math.abs(d), Double.doubleToRawLongBits(d) < 0);
    } else if ((double) (float) d == d) {
      writeUint8(Lib0Decoder.ANY_FLOAT32);
      writeFloat32((float) d);
    } else {
      writeUint8(Lib0Decoder.ANY_FLOAT64);
      writeFloat64(d);
    }
  }
}

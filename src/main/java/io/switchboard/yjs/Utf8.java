package io.switchboard.yjs;

/**
 * UTF-8 as lib0 reads and writes it. Reading uses a fatal {@code TextDecoder}, so only well-formed UTF-8
 * is accepted (Unicode table 3-7: no overlongs, no encoded surrogates, nothing above U+10FFFF). Writing
 * uses {@code TextEncoder}, which turns a lone surrogate into U+FFFD; {@link String#getBytes} would write
 * '?' instead, which changes the bytes yjs expects. Lengths of Yjs string content count UTF-16 code units,
 * as JavaScript's {@code String.length} does.
 */
final class Utf8 {
  private static final int REPLACEMENT_BYTES = 3; // U+FFFD = EF BF BD

  private Utf8() {
  }

  /**
   * Checks {@code b[off, off + len)} in one pass.
   *
   * @return the number of UTF-16 code units the text has, or -1 if it is not well-formed UTF-8
   */
  static int utf16Length(byte[] b, int off, int len) {
    int i = off;
    int end = off + len;
    int units = 0;
    while (i < end) {
      int c = b[i];
      if (c >= 0) {
        i++;
        units++;
        continue;
      }
      c &= 0xFF;
      if (c < 0xC2) {
        return -1;
      }
      if (c < 0xE0) {
        if (i + 1 >= end || !isContinuation(b[i + 1])) {
          return -1;
        }
        i += 2;
        units++;
      } else if (c < 0xF0) {
        if (i + 2 >= end) {
          return -1;
        }
        int c1 = b[i + 1] & 0xFF;
        boolean secondOk = c == 0xE0 ? c1 >= 0xA0 && c1 <= 0xBF
            : c == 0xED ? c1 >= 0x80 && c1 <= 0x9F
            : c1 >= 0x80 && c1 <= 0xBF;
        if (!secondOk || !isContinuation(b[i + 2])) {
          return -1;
        }
        i += 3;
        units++;
      } else if (c <= 0xF4) {
        if (i + 3 >= end) {
          return -1;
        }
        int c1 = b[i + 1] & 0xFF;
        boolean secondOk = c == 0xF0 ? c1 >= 0x90 && c1 <= 0xBF
            : c == 0xF4 ? c1 >= 0x80 && c1 <= 0x8F
            : c1 >= 0x80 && c1 <= 0xBF;
        if (!secondOk || !isContinuation(b[i + 2]) || !isContinuation(b[i + 3])) {
          return -1;
        }
        i += 4;
        units += 2;
      } else {
        return -1;
      }
    }
    return units;
  }

  private static boolean isContinuation(byte b) {
    return (b & 0xC0) == 0x80;
  }

  /** Number of bytes {@link #encode} writes for {@code s}. */
  static int encodedLength(String s) {
    int n = s.length();
    int bytes = n;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        continue;
      }
      if (c < 0x800) {
        bytes += 1;
      } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
        bytes += 2; // 4 bytes for 2 chars
        i++;
      } else {
        bytes += 2; // 3 bytes, also for a lone surrogate written as U+FFFD
      }
    }
    return bytes;
  }

  /** Writes {@code s} into {@code dst} at {@code pos}, which must have room; returns the position after it. */
  static int encode(String s, byte[] dst, int pos) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        dst[pos++] = (byte) c;
      } else if (c < 0x800) {
        dst[pos++] = (byte) (0xC0 | (c >> 6));
        dst[pos++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
          int cp = Character.toCodePoint(c, s.charAt(++i));
          dst[pos++] = (byte) (0xF0 | (cp >> 18));
          dst[pos++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
          dst[pos++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
          dst[pos++] = (byte) (0x80 | (cp & 0x3F));
        } else {
          pos = writeReplacement(dst, pos);
        }
      } else {
        dst[pos++] = (byte) (0xE0 | (c >> 12));
        dst[pos++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        dst[pos++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    return pos;
  }

  static int writeReplacement(byte[] dst, int pos) {
    dst[pos] = (byte) 0xEF;
    dst[pos + 1] = (byte) 0xBF;
    dst[pos + 2] = (byte) 0xBD;
    return pos + REPLACEMENT_BYTES;
  }

  /**
   * Finds where UTF-16 unit {@code units} starts in the well-formed UTF-8 {@code b[off, end)}.
   *
   * @return the byte index, or {@code ~start} when the unit is the second half of the surrogate pair
   *     encoded by the four bytes at {@code start}
   */
  static int indexOfUnit(byte[] b, int off, int end, long units) {
    int i = off;
    long seen = 0;
    while (i < end && seen < units) {
      int c = b[i] & 0xFF;
      if (c < 0x80) {
        i++;
        seen++;
      } else if (c < 0xE0) {
        i += 2;
        seen++;
      } else if (c < 0xF0) {
        i += 3;
        seen++;
      } else {
        if (seen + 1 == units) {
          return ~i;
        }
        i += 4;
        seen += 2;
      }
    }
    return i;
  }
}

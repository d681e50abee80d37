package io.switchboard.yjs;

/**
 * Checks that bytes are exactly one JSON text as {@code JSON.parse} accepts it (ECMA-404; whitespace is
 * space, tab, CR, LF). yjs parses embeds, formatting values, legacy JSON content and awareness states with
 * {@code JSON.parse}; an update carrying anything else would throw in every client it reaches, so we refuse
 * it at the door. Iterative, so deep nesting cannot overflow the stack; allocation only for the nesting
 * stack. The input must already be well-formed UTF-8.
 */
final class JsonSyntax {
  private JsonSyntax() {
  }

  static boolean isValid(byte[] b, int off, int len) {
    int end = off + len;
    byte[] stack = new byte[16];
    int depth = 0;
    int i = skipWhitespace(b, off, end);
    while (true) {
      // here a value must start at i
      if (i >= end) {
        return false;
      }
      byte c = b[i];
      boolean opened = false;
      if (c == '{' || c == '[') {
        int next = skipWhitespace(b, i + 1, end);
        byte close = c == '{' ? (byte) '}' : (byte) ']';
        if (next < end && b[next] == close) {
          i = next + 1;
        } else {
          if (depth == stack.length) {
            stack = java.util.Arrays.copyOf(stack, depth * 2);
          }
          stack[depth++] = close;
          i = c == '{' ? afterKey(b, next, end) : next;
          if (i < 0) {
            return false;
          }
          opened = true;
        }
      } else if (c == '"') {
        i = afterString(b, i, end);
      } else if (c == 't') {
        i = afterLiteral(b, i, end, "true");
      } else if (c == 'f') {
        i = afterLiteral(b, i, end, "false");
      } else if (c == 'n') {
        i = afterLiteral(b, i, end, "null");
      } else {
        i = afterNumber(b, i, end);
      }
      if (i < 0) {
        return false;
      }
      if (opened) {
        continue;
      }
      // a value ended: close containers or move to the next element
      while (true) {
        i = skipWhitespace(b, i, end);
        if (depth == 0) {
          return i == end;
        }
        if (i >= end) {
          return false;
        }
        byte top = stack[depth - 1];
        if (b[i] == top) {
          depth--;
          i++;
          continue;
        }
        if (b[i] != ',') {
          return false;
        }
        i = skipWhitespace(b, i + 1, end);
        if (top == '}') {
          i = afterKey(b, i, end);
          if (i < 0) {
            return false;
          }
        }
        break;
      }
    }
  }

  /** Parses {@code "key" :} and the whitespace after it; returns the index of the value or -1. */
  private static int afterKey(byte[] b, int i, int end) {
    if (i >= end || b[i] != '"') {
      return -1;
    }
    i = afterString(b, i, end);
    if (i < 0) {
      return -1;
    }
    i = skipWhitespace(b, i, end);
    if (i >= end || b[i] != ':') {
      return -1;
    }
    return skipWhitespace(b, i + 1, end);
  }

  private static int skipWhitespace(byte[] b, int i, int end) {
    while (i < end) {
      byte c = b[i];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        break;
      }
      i++;
    }
    return i;
  }

  private static int afterString(byte[] b, int i, int end) {
    i++; // opening quote
    while (i < end) {
      int c = b[i] & 0xFF;
      if (c == '"') {
        return i + 1;
      }
      if (c < 0x20) {
        return -1;
      }
      if (c == '\\') {
        if (i + 1 >= end) {
          return -1;
        }
        byte e = b[i + 1];
        if (e == 'u') {
          if (i + 5 >= end) {
            return -1;
          }
          for (int k = i + 2; k < i + 6; k++) {
            if (Character.digit(b[k], 16) < 0) {
              return -1;
            }
          }
          i += 6;
          continue;
        }
        if (e != '"' && e != '\\' && e != '/' && e != 'b' && e != 'f' && e != 'n' && e != 'r' && e != 't') {
          return -1;
        }
        i += 2;
        continue;
      }
      i++;
    }
    return -1;
  }

  private static int afterLiteral(byte[] b, int i, int end, String literal) {
    int n = literal.length();
    if (end - i < n) {
      return -1;
    }
    for (int k = 0; k < n; k++) {
      if (b[i + k] != literal.charAt(k)) {
        return -1;
      }
    }
    return i + n;
  }

  private static int afterNumber(byte[] b, int i, int end) {
    if (i < end && b[i] == '-') {
      i++;
    }
    if (i >= end) {
      return -1;
    }
    if (b[i] == '0') {
      i++;
    } else if (b[i] >= '1' && b[i] <= '9') {
      i = afterDigits(b, i, end);
    } else {
      return -1;
    }
    if (i < end && b[i] == '.') {
      int start = i + 1;
      i = afterDigits(b, start, end);
      if (i == start) {
        return -1;
      }
    }
    if (i < end && (b[i] == 'e' || b[i] == 'E')) {
      i++;
      if (i < end && (b[i] == '+' || b[i] == '-')) {
        i++;
      }
      int start = i;
      i = afterDigits(b, start, end);
      if (i == start) {
        return -1;
      }
    }
    return i;
  }

  private static int afterDigits(byte[] b, int i, int end) {
    while (i < end && b[i] >= '0' && b[i] <= '9') {
      i++;
    }
    return i;
  }
}

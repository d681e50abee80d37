package io.switchboard.yjs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The content of an item, one record per content reference of the v1 format. {@link #length()} is how many
 * clock values the item spans; only the kinds that span several (Deleted, Json, Str, Any) can be split.
 */
public sealed interface YContent {
  int REF_DELETED = 1;
  int REF_JSON = 2;
  int REF_BINARY = 3;
  int REF_STRING = 4;
  int REF_EMBED = 5;
  int REF_FORMAT = 6;
  int REF_TYPE = 7;
  int REF_ANY = 8;
  int REF_DOC = 9;

  /** The content reference written in the low 5 bits of the item's info byte. */
  int ref();

  long length();

  /**
   * Splits into {@code [0, offset)} and {@code [offset, length)}, as yjs's {@code splice}.
   *
   * @throws IllegalArgumentException unless {@code 0 < offset < length()}
   * @throws UnsupportedOperationException for kinds of length 1
   */
  default Split splitAt(long offset) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot be split");
  }

  /** The kinds that always span one clock value, so never split. */
  sealed interface OneClock extends YContent permits Binary, Embed, Format, Type, Doc {
    @Override
    default long length() {
      return 1;
    }
  }

  /** The two halves of a split. */
  record Split(YContent left, YContent right) {
  }

  private static int checkOffset(long offset, long length) {
    if (offset <= 0 || offset >= length) {
      throw new IllegalArgumentException("split offset " + offset + " outside (0, " + length + ")");
    }
    return (int) offset;
  }

  /** Splits list content (Json, Any) into two of the same kind. */
  private static <T> Split splitList(List<T> values, long offset, Function<List<T>, YContent> kind) {
    int at = checkOffset(offset, values.size());
    return new Split(kind.apply(values.subList(0, at)), kind.apply(values.subList(at, values.size())));
  }

  private static <T> List<T> frozen(List<T> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("content must not be empty");
    }
    return Collections.unmodifiableList(new ArrayList<>(values));
  }

  /** Deleted content: only the length is kept. */
  record Deleted(long length) implements YContent {
    public Deleted {
      if (length <= 0) {
        throw new IllegalArgumentException("length must be positive");
      }
    }

    @Override
    public int ref() {
      return REF_DELETED;
    }

    @Override
    public Split splitAt(long offset) {
      checkOffset(offset, length);
      return new Split(new Deleted(offset), new Deleted(length - offset));
    }
  }

  /** Legacy JSON content: one JSON text per element, or the literal {@code undefined}. */
  record Json(List<String> values) implements YContent {
    public Json {
      values = frozen(values);
      values.forEach(Objects::requireNonNull);
    }

    @Override
    public int ref() {
      return REF_JSON;
    }

    @Override
    public long length() {
      return values.size();
    }

    @Override
    public Split splitAt(long offset) {
      return splitList(values, offset, Json::new);
    }
  }

  /** A Uint8Array value. */
  record Binary(YBytes bytes) implements OneClock {
    public Binary(byte[] bytes) {
      this(YBytes.copyOf(bytes));
    }

    @Override
    public int ref() {
      return REF_BINARY;
    }
  }

  /** Text; its length counts UTF-16 code units, as JavaScript strings do. */
  record Str(String text) implements YContent {
    public Str {
      if (text.isEmpty()) {
        throw new IllegalArgumentException("content must not be empty");
      }
    }

    @Override
    public int ref() {
      return REF_STRING;
    }

    @Override
    public long length() {
      return text.length();
    }

    /**
     * Splits on a UTF-16 unit. Like yjs (issue #248), a split between the halves of a surrogate pair
     * replaces each half with U+FFFD rather than produce unpaired surrogates.
     */
    @Override
    public Split splitAt(long offset) {
      int at = checkOffset(offset, length());
      String left = text.substring(0, at);
      String right = text.substring(at);
      if (Character.isHighSurrogate(left.charAt(at - 1))) {
        left = left.substring(0, at - 1) + '\uFFFD';
        right = '\uFFFD' + right.substring(1);
      }
      return new Split(new Str(left), new Str(right));
    }
  }

  /** A rich-text embed, kept as the JSON text yjs wrote. */
  record Embed(String json) implements OneClock {
    public Embed {
      Objects.requireNonNull(json);
    }

    @Override
    public int ref() {
      return REF_EMBED;
    }
  }

  /** A formatting mark in rich text: attribute key and JSON value ({@code null} ends the attribute). */
  record Format(String key, String json) implements OneClock {
    public Format {
      Objects.requireNonNull(key);
      Objects.requireNonNull(json);
    }

    @Override
    public int ref() {
      return REF_FORMAT;
    }
  }

  /** A nested shared type; {@code name} is the node name of an XmlElement or the hook name of an XmlHook. */
  record Type(int typeRef, String name) implements OneClock {
    public static final int ARRAY = 0;
    public static final int MAP = 1;
    public static final int TEXT = 2;
    public static final int XML_ELEMENT = 3;
    public static final int XML_FRAGMENT = 4;
    public static final int XML_HOOK = 5;
    public static final int XML_TEXT = 6;

    public Type {
      if (typeRef < ARRAY || typeRef > XML_TEXT) {
        throw new IllegalArgumentException("unknown type ref " + typeRef);
      }
      if (hasName(typeRef) != (name != null)) {
        throw new IllegalArgumentException("a name is given exactly for XmlElement and XmlHook");
      }
    }

    static boolean hasName(long typeRef) {
      return typeRef == XML_ELEMENT || typeRef == XML_HOOK;
    }

    @Override
    public int ref() {
      return REF_TYPE;
    }
  }

  /** Values of Y.Array/Y.Map entries, in the Java types {@link Lib0Decoder} describes. */
  record Any(List<Object> values) implements YContent {
    public Any {
      values = frozen(values);
    }

    @Override
    public int ref() {
      return REF_ANY;
    }

    @Override
    public long length() {
      return values.size();
    }

    @Override
    public Split splitAt(long offset) {
      return splitList(values, offset, Any::new);
    }
  }

  /** A sub-document: its guid and the options object yjs writes ({@code gc}, {@code autoLoad}, {@code meta}). */
  record Doc(String guid, Map<String, Object> opts) implements OneClock {
    public Doc {
      Objects.requireNonNull(guid);
      Objects.requireNonNull(opts);
    }

    @Override
    public int ref() {
      return REF_DOC;
    }
  }
}

package io.switchboard.yjs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class Lib0CodecTest {
  private static final long MAX = Lib0Decoder.MAX_SAFE_INTEGER;

  private static byte[] encode(Consumer<Lib0Encoder> write) {
    Lib0Encoder e = new Lib0Encoder(1);
    write.accept(e);
    return e.toByteArray();
  }

  private static byte[] hex(String h) {
    return HexFormat.of().parseHex(h);
  }

  @Test
  void varUintRoundTripsAtEveryLengthBoundary() {
    long[] values = {0, 1, 127, 128, 16383, 16384, (1L << 21) - 1, 1L << 21, (1L << 28) - 1, 1L << 28,
        (1L << 31), (1L << 32) - 1, 1L << 35, (1L << 42) - 1, 1L << 49, MAX};
    int[] sizes = {1, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 5, 6, 6, 8, 8};
    for (int i = 0; i < values.length; i++) {
      long v = values[i];
      byte[] bytes = encode(e -> e.writeVarUint(v));
      assertEquals(sizes[i], bytes.length, "size of " + v);
      assertEquals(sizes[i], Lib0Encoder.varUintSize(v));
      Lib0Decoder d = new Lib0Decoder(bytes);
      assertEquals(v, d.readVarUint());
      assertFalse(d.hasRemaining());
    }
    assertArrayEquals(hex("ac02"), encode(e -> e.writeVarUint(300)));
  }

  @Test
  void varUintBeyondJavaScriptSafeIntegersIsRefused() {
    assertThrows(MalformedUpdateException.class, () -> new Lib0Decoder(hex("8080808080808010")).readVarUint()); // 2^53
    assertThrows(MalformedUpdateException.class, () -> new Lib0Decoder(hex("ffffffffffffffff01")).readVarUint());
    assertThrows(IllegalArgumentException.class, () -> new Lib0Encoder().writeVarUint(MAX + 1));
    assertThrows(IllegalArgumentException.class, () -> new Lib0Encoder().writeVarUint(-1));
  }

  @Test
  void truncatedVarUintIsRefused() {
    assertThrows(MalformedUpdateException.class, () -> new Lib0Decoder(new byte[0]).readVarUint());
    assertThrows(MalformedUpdateException.class, () -> new Lib0Decoder(hex("8080")).readVarUint());
    assertThrows(MalformedUpdateException.class, () -> new Lib0Decoder(new byte[0]).readUint8());
  }

  @Test
  void nonMinimalVarUintIsReadAsLib0ReadsIt() {
    assertEquals(0, new Lib0Decoder(hex("8000")).readVarUint());
    assertEquals(1, new Lib0Decoder(hex("818000")).readVarUint());
  }

  @Test
  void varIntRoundTripsWithSignInTheFirstByte() {
    long[] values = {0, 1, -1, 63, -63, 64, -64, 8191, -8192, Integer.MAX_VALUE, Integer.MIN_VALUE, 1L << 40, -MAX, MAX};
    for (long v : values) {
      Lib0Decoder d = new Lib0Decoder(encode(e -> e.writeVarInt(v)));
      assertEquals(v, d.readVarInt());
      assertFalse(d.hasRemaining());
    }
    assertArrayEquals(hex("41"), encode(e -> e.writeVarInt(-1)));
    assertArrayEquals(hex("8001"), encode(e -> e.writeVarInt(64)));
    assertThrows(IllegalArgumentException.class, () -> new Lib0Encoder().writeVarInt(Long.MIN_VALUE));
    assertThrows(MalformedUpdateException.class, () -> new Lib0Decoder(hex("c0")).readVarInt());
  }

  @Test
  void varStringIsUtf8WithByteLengthAndLoneSurrogatesBecomeReplacementCharacters() {
    assertArrayEquals(hex("03616263"), encode(e -> e.writeVarString("abc")));
    assertArrayEquals(hex("04f09f9880"), encode(e -> e.writeVarString("😀")));
    assertArrayEquals(hex("03efbfbd"), encode(e -> e.writeVarString("\ud800")));
    assertArrayEquals(hex("0561efbfbd62"), encode(e -> e.writeVarString("a\udc00b")));
    for (String s : List.of("", "a", "é中文", "😀👍🏽", "\ufeffbom", "x".repeat(70000))) {
      Lib0Decoder d = new Lib0Decoder(encode(e -> e.writeVarString(s)));
      assertEquals(s, d.readVarString());
      assertFalse(d.hasRemaining());
    }
  }

  @Test
  void malformedUtf8IsRefusedLikeAFatalTextDecoder() {
    String[] bad = {"01ff", "02c080", "03eda080", "04f4908080", "02e4b8", "01c3", "0280bf", "04f8888080", "03e08080"};
    for (String h : bad) {
      assertThrows(MalformedUpdateException.class, () -> new Lib0Decoder(hex(h)).readVarString(), h);
    }
    assertEquals("\uFEFF", new Lib0Decoder(hex("03efbbbf")).readVarString()); // BOM kept (ignoreBOM)
  }

  @Test
  void lengthPrefixLargerThanTheInputIsRefusedWithoutAllocating() {
    byte[] huge = hex("ffffffffffff0f"); // 2^48-ish bytes announced, none there
    assertThrows(MalformedUpdateException.class, () -> new Lib0Decoder(huge).readVarUint8Array());
    assertThrows(MalformedUpdateException.class, () -> new Lib0Decoder(huge).readVarString());
    assertThrows(MalformedUpdateException.class, () -> new Lib0Decoder(hex("0301")).readVarUint8Array());
    assertArrayEquals(new byte[] {1, 2}, new Lib0Decoder(hex("020102")).readVarUint8Array());
  }

  @Test
  void anyValuesRoundTripWithLib0NumberEncodings() {
    Map<String, Object> obj = new LinkedHashMap<>();
    obj.put("b", 1L);
    obj.put("a", Arrays.asList(null, JsUndefined.INSTANCE, true, false, "s", 0.5d, new BigInteger("-5")));
    List<Object> values = List.of(0L, -1L, 2147483647L, -2147483647L, 1.5d, 0.1d, "ü", obj, List.of(), Map.of());
    for (Object v : values) {
      byte[] bytes = encode(e -> e.writeAny(v));
      Object back = new Lib0Decoder(bytes).readAny();
      assertArrayEquals(bytes, encode(e -> e.writeAny(back)), String.valueOf(v));
      Lib0Decoder skipper = new Lib0Decoder(bytes);
      skipper.skipAny();
      assertFalse(skipper.hasRemaining());
    }
    assertArrayEquals(hex("7d40"), encode(e -> e.writeAny(-0.0d))); // -0 keeps its sign bit
    assertEquals(-0.0d, new Lib0Decoder(hex("7d40")).readAny());
    assertArrayEquals(hex("7c4f000000"), encode(e -> e.writeAny(2147483648L))); // 2^31 is a float32
    assertArrayEquals(hex("7d01"), encode(e -> e.writeAny(1.0d))); // integral doubles are integers
    assertArrayEquals(hex("7b3fb999999999999a"), encode(e -> e.writeAny(0.1d)));
    assertArrayEquals(hex("7c7f800000"), encode(e -> e.writeAny(Double.POSITIVE_INFINITY)));
    assertArrayEquals(hex("7b7ff8000000000000"), encode(e -> e.writeAny(Double.NaN)));
    byte[] bytes = encode(e -> e.writeAny(new byte[] {7}));
    assertArrayEquals(new byte[] {7}, (byte[]) new Lib0Decoder(bytes).readAny());
    assertThrows(IllegalArgumentException.class, () -> new Lib0Encoder().writeAny(new Object()));
    assertThrows(IllegalArgumentException.class, () -> new Lib0Encoder().writeAny(1L << 60));
  }

  @Test
  void anyNestedDeeperThanTheLimitIsRefusedWithoutStackOverflow() {
    for (int depth : new int[] {Lib0Decoder.MAX_ANY_DEPTH, Lib0Decoder.MAX_ANY_DEPTH + 1, 100_000}) {
      byte[] bytes = new byte[depth * 2 + 1];
      for (int i = 0; i < depth; i++) {
        bytes[2 * i] = 117; // array of one element
        bytes[2 * i + 1] = 1;
      }
      bytes[depth * 2] = 126; // null
      if (depth <= Lib0Decoder.MAX_ANY_DEPTH) {
        new Lib0Decoder(bytes).readAny();
        new Lib0Decoder(bytes).skipAny();
      } else {
        assertThrows(MalformedUpdateException.class, () -> new Lib0Decoder(bytes).readAny());
        assertThrows(MalformedUpdateException.class, () -> new Lib0Decoder(bytes).skipAny());
      }
    }
  }

  @Test
  void unknownOrTruncatedAnyIsRefused() {
    for (String h : new String[] {"73", "00", "7b0000", "7701", "7602", "750301", "7401", "7a00", "", "76017701"}) {
      assertThrows(MalformedUpdateException.class, () -> new Lib0Decoder(hex(h)).readAny(), h);
      assertThrows(MalformedUpdateException.class, () -> new Lib0Decoder(hex(h)).skipAny(), h);
    }
  }

  @Test
  void jsonSyntaxAcceptsExactlyWhatJsonParseAccepts() {
    String[] good = {"1", "-0", "0.5e-3", "1E+2", "\"a\\u00e9\\n\"", "true", "null", " [ ] ", "{}", "{\"a\":[1,{\"b\":null}]}",
        "\t\r\n\"x\"", "[1,2,3]", "\"\\ud800\"", "\"é😀\""};
    String[] bad = {"", " ", "01", "1.", ".5", "+1", "-", "1e", "NaN", "Infinity", "undefined", "'a'", "[1,]", "{\"a\":1,}",
        "{a:1}", "[1 2]", "1 2", "\"\\x\"", "\"\\u12\"", "\"a", "\"\u0001\"", "tru", "nul", "[", "]", "{\"a\"}", "\ufeff1",
        "\u00a01", "[1]]", "{\"a\":1}}"};
    for (String s : good) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      assertTrue(JsonSyntax.isValid(b, 0, b.length), s);
    }
    for (String s : bad) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      assertFalse(JsonSyntax.isValid(b, 0, b.length), s);
    }
    byte[] deep = ("[".repeat(100_000) + "]".repeat(100_000)).getBytes(StandardCharsets.UTF_8);
    assertTrue(JsonSyntax.isValid(deep, 0, deep.length));
  }

  @Test
  void jsonSyntaxAgreesWithJsonParseOnRandomTokenSoup() {
    String[] tokens = {"{", "}", "[", "]", ",", ":", "\"a\"", "\"\\u00e9\"", "\"\\u12g4\"", "\"\\q\"", "1", "-0", "01", "1.5e+3",
        ".5", "-", "2.", "true", "nul", "null", "false", " ", "\t", "\n", "\u000b", "\u00a0", "\"\u0001\"", "\"é😀\"", "\"", "\\"};
    java.util.Random random = new java.util.Random(41);
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 4000; i++) {
      StringBuilder sb = new StringBuilder();
      for (int n = 1 + random.nextInt(7); n > 0; n--) {
        sb.append(tokens[random.nextInt(tokens.length)]);
      }
      texts.add(sb.toString());
    }
    ArrayNode array = NodeOracle.JSON.createArrayNode();
    texts.forEach(array::add);
    var request = NodeOracle.request("jsonParses");
    request.set("texts", array);
    JsonNode parses = NodeOracle.get().call(request);
    int valid = 0;
    for (int i = 0; i < texts.size(); i++) {
      byte[] b = texts.get(i).getBytes(StandardCharsets.UTF_8);
      assertEquals(parses.get(i).asBoolean(), JsonSyntax.isValid(b, 0, b.length), texts.get(i));
      valid += parses.get(i).asBoolean() ? 1 : 0;
    }
    assertTrue(valid > 100, "valid " + valid);
  }

  @Test
  void lib0EncodingsMatchNpmLib0() {
    NodeOracle node = NodeOracle.get();
    JsonNode samples = node.call(NodeOracle.request("lib0Samples"));
    for (JsonNode s : samples.get("uints")) {
      long v = s.get("value").asLong();
      assertArrayEquals(NodeOracle.bin(s.get("bytes")), encode(e -> e.writeVarUint(v)), "varuint " + v);
      assertEquals(v, new Lib0Decoder(NodeOracle.bin(s.get("bytes"))).readVarUint());
    }
    for (JsonNode s : samples.get("ints")) {
      long v = s.get("value").asLong();
      assertArrayEquals(NodeOracle.bin(s.get("bytes")), encode(e -> e.writeVarInt(v)), "varint " + v);
      assertEquals(v, new Lib0Decoder(NodeOracle.bin(s.get("bytes"))).readVarInt());
    }
    List<String> javaStrings = new ArrayList<>();
    ArrayNode javaEncoded = NodeOracle.JSON.createArrayNode();
    for (JsonNode s : samples.get("strings")) {
      String v = s.get("value").asText();
      assertArrayEquals(NodeOracle.bin(s.get("bytes")), encode(e -> e.writeVarString(v)), "string " + v);
      javaStrings.add(new Lib0Decoder(NodeOracle.bin(s.get("bytes"))).readVarString());
      javaEncoded.add(NodeOracle.b64(encode(e -> e.writeVarString(v))));
    }
    var request = NodeOracle.request("decodeStrings");
    request.set("strings", javaEncoded);
    JsonNode nodeStrings = node.call(request);
    for (int i = 0; i < javaStrings.size(); i++) {
      assertEquals(nodeStrings.get(i).asText(), javaStrings.get(i));
    }
    // any: Java reads lib0's bytes and writes them back identically; lib0 reads Java's bytes as the same values
    ArrayNode reencoded = NodeOracle.JSON.createArrayNode();
    for (JsonNode a : samples.get("anys")) {
      byte[] bytes = NodeOracle.bin(a);
      Object value = new Lib0Decoder(bytes).readAny();
      byte[] again = encode(e -> e.writeAny(value));
      assertArrayEquals(bytes, again, "any " + value);
      reencoded.add(NodeOracle.b64(again));
    }
    var describe = NodeOracle.request("describeAnys");
    describe.set("anys", reencoded);
    assertEquals(samples.get("anyDescriptions"), node.call(describe));
  }
}

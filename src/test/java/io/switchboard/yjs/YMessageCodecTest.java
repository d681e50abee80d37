package io.switchboard.yjs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class YMessageCodecTest {
  private final YMessageCodec codec = new YMessageCodec();

  private static byte[] hex(String h) {
    return HexFormat.of().parseHex(h);
  }

  @Test
  void everyMessageKindRoundTrips() {
    List<YMessage> messages = List.of(
        new YMessage.SyncStep1(hex("010508")),
        new YMessage.SyncStep2(YUpdates.empty()),
        new YMessage.SyncUpdate(hex("0000")),
        new YMessage.Awareness(new YAwarenessUpdate(List.of(
            new YAwarenessUpdate.Entry(7, 3, "{\"user\":{\"name\":\"Zoë\"}}"),
            new YAwarenessUpdate.Entry(4294967295L, 0, "null")))),
        new YMessage.QueryAwareness(),
        new YMessage.PermissionDenied("read only"),
        new YMessage.Unknown(9, hex("0102")));
    for (YMessage m : messages) {
      assertEquals(m, codec.decode(codec.encode(m)), m.toString());
    }
    assertArrayEquals(hex("0000030105 08".replace(" ", "")), codec.encode(new YMessage.SyncStep1(hex("010508"))));
    assertArrayEquals(hex("03"), codec.encode(new YMessage.QueryAwareness()));
  }

  @Test
  void awarenessRemovalBumpsTheClockAndSendsNull() {
    Map<Long, Long> last = new LinkedHashMap<>();
    last.put(12L, 4L);
    last.put(99L, 0L);
    YAwarenessUpdate removal = YAwarenessUpdate.removing(last);
    assertEquals(List.of(new YAwarenessUpdate.Entry(12, 5, "null"), new YAwarenessUpdate.Entry(99, 1, "null")), removal.entries());
    assertTrue(removal.entries().stream().allMatch(YAwarenessUpdate.Entry::isRemoval));
    assertFalse(new YAwarenessUpdate.Entry(1, 1, "{}").isRemoval());
    assertArrayEquals(hex("01" + "0f" + "02" + "0c05046e756c6c" + "6301046e756c6c"), codec.encode(new YMessage.Awareness(removal)));
  }

  @Test
  void badFramesAreRefused() {
    String[] bad = {"", "00", "0003", "000301", "00000201", "0001ff", "01", "0105", "010501", "01050101000161", // truncated
        "010401010001", "0105010100017b", // awareness state "{" is not JSON
        "0200", "0201", "020009", // auth: reason missing, unknown auth type, truncated reason
        "0300", "00000100ff", "01030001000003"}; // trailing bytes
    for (String h : bad) {
      assertThrows(MalformedUpdateException.class, () -> codec.decode(hex(h)), h);
    }
    assertInstanceOf(YMessage.Unknown.class, codec.decode(hex("07")));
  }

  @Test
  void framesLargerThanTheLimitAreRefusedBeforeParsing() {
    YMessageCodec small = new YMessageCodec(16);
    byte[] frame = codec.encode(new YMessage.SyncUpdate(new byte[20]));
    MalformedUpdateException e = assertThrows(MalformedUpdateException.class, () -> small.decode(frame));
    assertTrue(e.getMessage().contains("exceeds the limit of 16"), e.getMessage());
    assertEquals(10 * 1024 * 1024, YMessageCodec.DEFAULT_MAX_MESSAGE_BYTES);
  }

  @Test
  void frameTruncatedAtEveryLengthIsRefused() {
    byte[] frame = codec.encode(new YMessage.Awareness(new YAwarenessUpdate(List.of(
        new YAwarenessUpdate.Entry(300, 2, "{\"a\":[1,2,\"😀\"]}"), new YAwarenessUpdate.Entry(5, 1, "null")))));
    for (int len = 0; len < frame.length; len++) {
      byte[] cut = Arrays.copyOf(frame, len);
      assertThrows(MalformedUpdateException.class, () -> codec.decode(cut), "length " + len);
    }
  }

  @Test
  void framesWrittenByYProtocolsDecodeAndReencodeIdentically() {
    JsonNode samples = NodeOracle.get().call(NodeOracle.request("protocolSamples"));
    JsonNode frames = samples.get("frames");

    YMessage step1 = codec.decode(NodeOracle.bin(frames.get("step1")));
    assertArrayEquals(NodeOracle.bin(samples.get("stateVector")), ((YMessage.SyncStep1) step1).stateVector().toArray());
    YMessage step2 = codec.decode(NodeOracle.bin(frames.get("step2")));
    assertArrayEquals(NodeOracle.bin(samples.get("step2Update")), ((YMessage.SyncStep2) step2).update().toArray());
    YMessage update = codec.decode(NodeOracle.bin(frames.get("update")));
    assertArrayEquals(NodeOracle.bin(samples.get("update")), ((YMessage.SyncUpdate) update).update().toArray());
    YMessage awareness = codec.decode(NodeOracle.bin(frames.get("awareness")));
    YAwarenessUpdate.Entry entry = ((YMessage.Awareness) awareness).update().entries().get(0);
    assertEquals(99, entry.clientId());
    assertEquals(samples.get("awarenessClock").asLong(), entry.clock());
    assertEquals(samples.get("awarenessState").asText(), entry.stateJson());
    assertEquals(new YMessage.QueryAwareness(), codec.decode(NodeOracle.bin(frames.get("queryAwareness"))));
    assertEquals(new YMessage.PermissionDenied("read only"), codec.decode(NodeOracle.bin(frames.get("permissionDenied"))));

    frames.fields().forEachRemaining(f -> {
      byte[] bytes = NodeOracle.bin(f.getValue());
      assertArrayEquals(bytes, codec.encode(codec.decode(bytes)), f.getKey());
    });
    // what the server answers to a step 1 is what yjs would answer
    byte[] docState = NodeOracle.bin(samples.get("step2Update"));
    assertArrayEquals(docState, YUpdates.diff(docState, YStateVector.EMPTY));
  }

  @Test
  void framesWrittenByJavaAreUnderstoodByAYWebsocketClient() {
    NodeOracle node = NodeOracle.get();
    JsonNode samples = node.call(NodeOracle.request("protocolSamples"));
    byte[] text = NodeOracle.bin(samples.get("step2Update"));
    byte[] map = NodeOracle.bin(samples.get("update"));
    long peer = 4242;
    List<YMessage> messages = List.of(
        new YMessage.SyncStep2(text),
        new YMessage.SyncUpdate(map),
        new YMessage.Awareness(new YAwarenessUpdate(List.of(new YAwarenessUpdate.Entry(77, 3, "{\"user\":{\"name\":\"Ann\"}}")))),
        new YMessage.Awareness(YAwarenessUpdate.removing(Map.of(peer, 6L))),
        new YMessage.QueryAwareness(),
        new YMessage.PermissionDenied("read only"));
    ArrayNode frames = NodeOracle.JSON.createArrayNode();
    messages.forEach(m -> frames.add(NodeOracle.b64(codec.encode(m))));
    var request = NodeOracle.request("applyFrames").put("knownClient", peer).put("knownClock", 6);
    request.set("frames", frames);
    JsonNode result = node.call(request);

    assertEquals("[\"sync:1\",\"sync:2\",\"awareness\",\"awareness\",\"query\",\"denied:read only\"]", result.get("seen").toString());
    assertEquals(node.state(List.of(text, map)).doc(), result.get("doc").asText());
    assertEquals("{\"77\":{\"user\":{\"name\":\"Ann\"}}}", result.get("awareness").asText()); // peer 4242 removed
  }
}

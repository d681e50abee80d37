package io.switchboard.yjs;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The real npm yjs/lib0/y-protocols, driven through {@code clients/node/yjs/oracle.mjs}: one long-lived
 * node process per test JVM, JSON lines over stdin/stdout. Fails (never skips) when node or the npm
 * packages are missing.
 */
final class NodeOracle {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final long ANSWER_TIMEOUT_SECONDS = 60;
  private static NodeOracle instance;

  private final Process process;
  private final Writer stdin;
  private final BlockingQueue<String> answers = new ArrayBlockingQueue<>(16);
  private final Path stderr;

  private NodeOracle(Process process, Path stderr) {
    this.process = process;
    this.stderr = stderr;
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          answers.put(line);
        }
      } catch (IOException | InterruptedException e) {
        // process ended; callers time out with the stderr content
      }
    }, "node-oracle-reader");
    reader.setDaemon(true);
    reader.start();
  }

  static synchronized NodeOracle get() {
    if (instance == null || !instance.process.isAlive()) {
      instance = start();
    }
    return instance;
  }

  private static NodeOracle start() {
    Path base = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    Path clients = base.resolve("clients/node");
    if (!Files.isDirectory(clients.resolve("node_modules/yjs")) || !Files.isDirectory(clients.resolve("node_modules/y-protocols"))) {
      fail("npm packages missing in " + clients + ": run `npm ci` in clients/node (the Yjs interop tests need real yjs)");
    }
    try {
      Path stderr = Files.createTempFile("yjs-oracle", ".log");
      Process p = new ProcessBuilder("node", "yjs/oracle.mjs")
          .directory(clients.toFile())
          .redirectError(stderr.toFile())
          .start();
      NodeOracle oracle = new NodeOracle(p, stderr);
      Runtime.getRuntime().addShutdownHook(new Thread(p::destroy));
      return oracle;
    } catch (IOException e) {
      return fail("cannot start `node` (" + e.getMessage() + "): install Node.js and run `npm ci` in clients/node");
    }
  }

  /** Sends one request and returns the {@code ok} part of the answer. */
  synchronized JsonNode call(ObjectNode request) {
    try {
      stdin.write(JSON.writeValueAsString(request));
      stdin.write('\n');
      stdin.flush();
      String line = answers.poll(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (line == null) {
        return fail("no answer from node oracle to " + request.get("op") + "; stderr: " + Files.readString(stderr));
      }
      JsonNode answer = JSON.readTree(line);
      if (answer.has("error")) {
        return fail("node oracle failed on " + request.get("op") + ": " + answer.get("error").asText());
      }
      return answer.get("ok");
    } catch (IOException | InterruptedException e) {
      return fail("node oracle broke: " + e + " stderr file " + stderr);
    }
  }

  static ObjectNode request(String op) {
    return JSON.createObjectNode().put("op", op);
  }

  // --- convenience wrappers ----------------------------------------------------------------------------

  static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  static byte[] bin(JsonNode node) {
    return Base64.getDecoder().decode(node.asText());
  }

  static List<byte[]> bins(JsonNode array) {
    List<byte[]> out = new ArrayList<>();
    array.forEach(n -> out.add(bin(n)));
    return out;
  }

  static ArrayNode b64Array(List<byte[]> updates) {
    ArrayNode a = JSON.createArrayNode();
    updates.forEach(u -> a.add(b64(u)));
    return a;
  }

  byte[] merge(List<byte[]> updates) {
    ObjectNode r = request("merge");
    r.set("updates", b64Array(updates));
    return bin(call(r));
  }

  byte[] diff(byte[] update, byte[] sv) {
    return bin(call(request("diff").put("update", b64(update)).put("sv", b64(sv))));
  }

  byte[] stateVectorFromUpdate(byte[] update) {
    return bin(call(request("sv").put("update", b64(update))));
  }

  /** What a fresh Y.Doc holds after applying {@code updates} in order. */
  DocState state(List<byte[]> updates) {
    ObjectNode r = request("state");
    r.set("updates", b64Array(updates));
    JsonNode s = call(r);
    return new DocState(s.get("doc").asText(), s.get("sv").asText(), s.get("snapshot").asText(), s.get("pending").asBoolean());
  }

  Fixture fixture(int seed, int docs, int steps) {
    JsonNode f = call(request("fixture").put("seed", seed).put("docs", docs).put("steps", steps));
    List<byte[]> updates = new ArrayList<>();
    f.get("updates").forEach(u -> updates.add(bin(u.get("update"))));
    return new Fixture(seed, updates, bins(f.get("snapshots")), bins(f.get("svs")), f.get("final").asText(),
        bin(f.get("finalSv")));
  }

  /** Document content (as JSON), state vector, snapshot (delete set + state vector), and whether parts wait. */
  record DocState(String doc, String sv, String snapshot, boolean pending) {
  }

  /** Local updates of several concurrently editing docs, snapshots and state vectors taken on the way. */
  record Fixture(int seed, List<byte[]> updates, List<byte[]> snapshots, List<byte[]> stateVectors,
      String finalDoc, byte[] finalSv) {
  }

  @Override
  public String toString() {
    return "NodeOracle[pid " + process.pid() + ", stderr " + stderr + "]";
  }
}

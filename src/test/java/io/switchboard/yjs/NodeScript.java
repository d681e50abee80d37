package io.switchboard.yjs;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.Json;
import io.switchboard.support.ProcessRunner;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Runs a Node script of {@code clients/node/yjs-e2e} and reads its {@code {"check","value"}} lines. */
final class NodeScript {
    private NodeScript() {
    }

    /** The clients folder, failing (naming the package) when y-websocket is not installed. */
    static Path clients() {
        return ProcessRunner.requireNodeModule("node", "y-websocket");
    }

    /** Runs {@code node yjs-e2e/<script> args...}; the checks by name. Fails if the script fails. */
    static Map<String, JsonNode> run(Path clients, String script, String... args) throws Exception {
        String[] cmd = new String[args.length + 2];
        cmd[0] = "node";
        cmd[1] = "yjs-e2e/" + script;
        System.arraycopy(args, 0, cmd, 2, args.length);
        ProcessRunner.Result r = ProcessRunner.run(clients, 120, cmd);
        assertEquals(0, r.exit(), r.stderr());
        Map<String, JsonNode> out = new HashMap<>();
        for (String line : r.lines()) {
            JsonNode n = Json.parse(line);
            out.put(n.path("check").asText(), n.path("value"));
        }
        return out;
    }
}

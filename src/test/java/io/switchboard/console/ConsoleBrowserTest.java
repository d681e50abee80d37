package io.switchboard.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.Json;
import io.switchboard.config.ConfigKeys;
import io.switchboard.support.ProcessRunner;
import io.switchboard.support.TestServer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The web console in Debian's headless Chromium, driven by npm playwright-core
 * (clients/console/console.mjs): sign up, wrong password, sign in, become administrator,
 * keyboard tabs, a new table and a row whose create/update/delete events appear live,
 * publish/receive on a custom topic (with pause), /statistics counters, two browsers co-editing a
 * /yjs/ document with each other's cursors, a config switch, the read-only lists. Every step runs
 * at 1440 and 375 px with screenshots under target/console-screenshots/; any page error or
 * unexpected console error fails the run.
 */
class ConsoleBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @Test
    void consoleWorksEndToEndInHeadlessChromium() throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            throw new AssertionError("/usr/bin/chromium is missing: install the Debian package chromium (bash .ci/run does)");
        }
        Path clients = ProcessRunner.requireNodeModule("console", "playwright-core");
        if (getClass().getClassLoader().getResource("console/index.html") == null) {
            throw new AssertionError("the console is not built: run mvn generate-resources (node console/build.mjs)");
        }
        Path shots = Path.of("target", "console-screenshots").toAbsolutePath();
        try (TestServer ts = new TestServer(TestServer.Db.H2, Map.of())) {
            ProcessRunner.Result r = ProcessRunner.run(clients, 240, "node", "console.mjs", ts.baseUrl(), shots.toString());
            List<JsonNode> steps = new ArrayList<>();
            for (String line : r.lines()) if (line.startsWith("{")) steps.add(Json.parse(line));
            String transcript = r.stdout() + "\n" + r.stderr();
            assertEquals(0, r.exit(), transcript);

            assertEquals("Ann Console", step(steps, "signed-up").path("name").asText());
            assertTrue(step(steps, "wrong-password-refused").path("message").asText().contains("Invalid username or password"), transcript);
            assertTrue(step(steps, "signed-in").path("storedToken").asBoolean());
            assertEquals("administrator", step(steps, "administrator").path("badge").asText());
            assertEquals("tab-entities", step(steps, "keyboard-tabs").path("focused").asText());
            assertFalse(step(steps, "keyboard-tabs").path("outline").asText().equals("none"), "keyboard focus is visible");

            assertEquals(List.of("create", "update", "delete"), texts(step(steps, "row-events-live").path("types")));
            JsonNode topic = step(steps, "custom-topic");
            assertEquals(0, topic.path("shownWhilePaused").asInt(), "a paused list shows nothing new");
            assertEquals(List.of("new-message"), texts(step(steps, "live-filter").path("shown")));
            assertTrue(step(steps, "statistics").path("live").asInt() >= 1);

            assertFalse(step(steps, "second-user").path("admin").asBoolean(), "only the first user may become administrator");
            JsonNode doc = step(steps, "document");
            String text = doc.path("textA").asText();
            assertEquals(text, doc.path("textB").asText(), "both browsers converge");
            for (String part : List.of("[A]", "Hello from Ann. ", "Bob was here.", "[B]")) assertTrue(text.contains(part), text);
            assertTrue(text.startsWith("[A]") && text.endsWith("[B]"), text);
            assertTrue(doc.path("bobCaretVisible").asBoolean());
            assertEquals(text.length(), doc.path("bobCaretAtA").asInt(), "Bob's caret is shown where Bob typed last (the end)");
            step(steps, "peer-left");

            JsonNode cfg = step(steps, "config-toggle");
            assertEquals(!cfg.path("before").asBoolean(), cfg.path("after").asBoolean());
            assertEquals(Boolean.toString(cfg.path("after").asBoolean()), cfg.path("server").asText());
            assertTrue(cfg.path("result").asText().contains("applies now"));
            assertEquals(cfg.path("after").asBoolean(), ts.server().config().getBoolean(ConfigKeys.YJS_ENABLED), "the server itself changed");

            for (String panel : List.of("mail", "calendars", "sites", "feeds")) {
                JsonNode l = steps.stream().filter(s -> s.path("step").asText().equals("list") && s.path("panel").asText().equals(panel))
                        .findFirst().orElseThrow(() -> new AssertionError("no list step for " + panel + "\n" + transcript));
                assertTrue(l.path("table").asBoolean() || l.path("text").asText().contains("not available")
                        || l.path("text").asText().startsWith("No "), panel + ": " + l);
            }
            for (String panel : List.of("signin", "entities", "live", "document", "config", "mail", "calendars", "sites", "feeds")) {
                for (int width : new int[]{1440, 375}) {
                    Path png = shots.resolve(panel + "-" + width + ".png");
                    assertTrue(Files.size(png) > 1000, png + " was not written");
                }
            }
            assertEquals(0, step(steps, "done").path("problems").size(), transcript);
        }
    }

    private static JsonNode step(List<JsonNode> steps, String name) {
        return steps.stream().filter(s -> s.path("step").asText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("the browser run has no step " + name + ": " + steps));
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}

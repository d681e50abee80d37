package io.switchboard.feed;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.Json;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The real feed readers the tests drive as separate processes: Python feedparser (Debian
 * python3-feedparser) and npm rss-parser (clients/feed, {@code npm ci}). A missing tool fails
 * the test with the package to install.
 */
final class FeedClients {
    private static final long TIMEOUT_SECONDS = 60;

    private FeedClients() {
    }

    /** feedparser's view of a feed URL; authorization and etag may be null. */
    static JsonNode feedparser(String url, String authorization, String etag) throws Exception {
        Path script = Path.of("src/test/resources/feed/feedparser_dump.py").toAbsolutePath();
        String python = pythonWithFeedparser();
        return run(List.of(python, script.toString(), url, authorization == null ? "" : authorization, etag == null ? "" : etag),
                script.getParent().toFile(), "feedparser");
    }

    /** rss-parser's view of a feed URL (RSS or Atom); authorization may be null. */
    static JsonNode rssParser(String url, String authorization) throws Exception {
        Path dir = Path.of("clients/feed").toAbsolutePath();
        if (!Files.isDirectory(dir.resolve("node_modules/rss-parser"))) {
            fail("npm rss-parser is missing: run `npm ci` in " + dir + " (Debian packages nodejs and npm)");
        }
        List<String> cmd = new ArrayList<>(List.of("node", "rss-parser-dump.mjs", url));
        if (authorization != null) cmd.add(authorization);
        return run(cmd, dir.toFile(), "rss-parser");
    }

    /**
     * The Debian python3 first: feedparser from python3-feedparser lives in its dist-packages, which
     * an interpreter from pyenv or a virtualenv earlier on the PATH would not see.
     */
    private static String pythonWithFeedparser() throws Exception {
        for (String candidate : List.of("/usr/bin/python3", "python3")) {
            try {
                Process p = new ProcessBuilder(candidate, "-c", "import feedparser").redirectErrorStream(true).start();
                if (p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS) && p.exitValue() == 0) return candidate;
                p.destroyForcibly();
            } catch (java.io.IOException e) {
                // not installed under this name: try the next
            }
        }
        fail("Python feedparser is missing: install the Debian package python3-feedparser");
        return null;
    }

    private static JsonNode run(List<String> cmd, File dir, String what) throws Exception {
        Path errFile = Files.createTempFile("feed-client-", ".err");
        Process p;
        try {
            p = new ProcessBuilder(cmd).directory(dir).redirectError(errFile.toFile()).start();
        } catch (java.io.IOException e) {
            fail(what + " could not be started (" + cmd.get(0) + "): " + e.getMessage());
            return null;
        }
        p.getOutputStream().close();
        // both scripts bound their own network time (socket timeouts), so this read ends
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(what + " did not finish within " + TIMEOUT_SECONDS + " s");
        }
        String err = Files.readString(errFile, StandardCharsets.UTF_8);
        Files.deleteIfExists(errFile);
        String text = new String(out, StandardCharsets.UTF_8).trim();
        assertTrue(p.exitValue() == 0, what + " exited with " + p.exitValue() + ": " + text + " " + err);
        return Json.parse(text);
    }
}

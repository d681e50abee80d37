package io.switchboard;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real process: exit codes that mean something, and SIGTERM draining. */
class ProcessLifecycleTest {
    @TempDir
    Path dir;

    private Process start(Path log, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.switchboard.Main"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void exitCodesSayWhatWentWrong() throws Exception {
        Path log = dir.resolve("out.log");
        Process bad = start(log, "--no-such-flag");
        assertTrue(bad.waitFor(30, TimeUnit.SECONDS));
        assertEquals(64, bad.exitValue(), "usage error");

        Path notADir = Files.writeString(dir.resolve("file"), "x");
        Process io = start(log, "--set", "data.dir=" + notADir, "--set", "http.port=0");
        assertTrue(io.waitFor(60, TimeUnit.SECONDS));
        assertEquals(74, io.exitValue(), "data directory unusable: " + Files.readString(log));

        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            Process busy = start(log, "--set", "data.dir=" + dir.resolve("d1"), "--set", "http.bind=127.0.0.1",
                    "--set", "http.port=" + taken.getLocalPort());
            assertTrue(busy.waitFor(60, TimeUnit.SECONDS));
            assertEquals(69, busy.exitValue(), "port in use: " + Files.readString(log));
        }
    }

    @Test
    void sigtermDrainsAndStops() throws Exception {
        Path log = dir.resolve("run.log");
        int port = freePort();
        Process p = start(log, "--set", "data.dir=" + dir.resolve("data"), "--set", "http.port=" + port, "--set", "http.bind=127.0.0.1");
        HttpClient http = HttpClient.newHttpClient();
        boolean up = false;
        for (int i = 0; i < 600 && !up; i++) {
            try {
                up = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
            } catch (java.io.IOException e) {
                Thread.sleep(100);
            }
        }
        assertTrue(up, "server answered /health");
        p.destroy(); // SIGTERM
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "stopped after SIGTERM");
        assertEquals(143, p.exitValue(), "128 + SIGTERM after a clean drain");
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(out.contains("draining connections") && out.contains("stopped"), out);
    }
}

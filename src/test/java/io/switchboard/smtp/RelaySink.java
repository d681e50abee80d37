package io.switchboard.smtp;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The aiosmtpd peer (Debian python3-aiosmtpd, src/test/resources/smtp/sink.py) that relay tests
 * deliver to: it accepts, defers the first attempt, or refuses, and writes what it accepted to
 * {@link #dir()} as {@code <n>.eml}, {@code <n>.from} and {@code <n>.helo}.
 */
final class RelaySink implements AutoCloseable {
    private final int port;
    private final Path dir;
    private Process process;

    RelaySink() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        dir = Files.createTempDirectory("smtp-sink-");
    }

    int port() {
        return port;
    }

    Path dir() {
        return dir;
    }

    /** (Re)starts the sink in {@code mode} (ok, tempfail-once, permfail) with an empty directory. */
    void start(String mode) throws Exception {
        close();
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) Files.delete(p);
        }
        process = new ProcessBuilder("/usr/bin/python3", Path.of("src/test/resources/smtp/sink.py").toAbsolutePath().toString(),
                "" + port, dir.toString(), mode).redirectErrorStream(true).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("READY", r.readLine(), "the aiosmtpd sink did not start (Debian package python3-aiosmtpd)");
    }

    /** Waits up to 30 s for a file of the sink's directory. */
    Path waitFor(String name) throws InterruptedException {
        Path p = dir.resolve(name);
        for (int i = 0; i < 300; i++) {
            if (Files.exists(p)) return p;
            Thread.sleep(100);
        }
        fail("nothing arrived at the sink: " + p);
        return p;
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
            process = null;
        }
    }
}

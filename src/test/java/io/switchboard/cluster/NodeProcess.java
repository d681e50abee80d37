package io.switchboard.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * One Switchboard server in its own JVM process ({@code java -cp <test class path> io.switchboard.Main}),
 * bound to one loopback address (127.0.0.1, .2, .3 ...) with its own data directory and log file,
 * sharing the PostgreSQL schema of the test. The class path is this test JVM's own (target/classes
 * and the dependencies), so it works in the {@code test} phase of {@code mvn verify}, before the
 * jar is packaged. {@link #kill()} is {@code kill -9}; {@link #start()} again keeps port and data.
 */
final class NodeProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String id;
    final String address;
    final int port;
    private final Path logDir;
    private final Path logFile;
    private final Map<String, String> settings = new LinkedHashMap<>();
    private Process process;

    /**
     * {@code dataDir} is shared by the nodes of a test, as a cluster shares it over a network file
     * system: mail bodies and files live in its blob store (node.id is set, so no node-id file).
     */
    NodeProcess(String id, String address, String dbUrl, Path dataDir, Map<String, String> extra) throws IOException {
        this.id = id;
        this.address = address;
        this.port = extra.containsKey("http.port") ? Integer.parseInt(extra.get("http.port")) : freePort(address);
        this.logDir = Files.createTempDirectory("switchboard-node-" + id + "-");
        this.logFile = logDir.resolve("node.log");
        settings.put("node.id", id);
        settings.put("http.bind", address);
        settings.put("http.port", Integer.toString(port));
        settings.put("data.dir", dataDir.toString());
        settings.put("db.url", dbUrl);
        settings.put("db.user", env("SWITCHBOARD_TEST_DB_USER"));
        settings.put("db.password", env("SWITCHBOARD_TEST_DB_PASSWORD"));
        settings.put("db.pool.size", "4");
        settings.put("password.pbkdf2.iterations", "1000");
        settings.put("ratelimit.enabled", "false");
        settings.put("net.worker.threads", "1");
        settings.put("log.level", "info");
        settings.putAll(extra);
    }

    String base() {
        return "http://" + address + ":" + port;
    }

    String ws(String path) {
        return "ws://" + address + ":" + port + path;
    }

    /** Starts the process and waits (bounded) until /health answers 200. */
    void start() throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classPath(), "io.switchboard.Main"));
        settings.forEach((k, v) -> {
            cmd.add("--set");
            cmd.add(k + "=" + v);
        });
        process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
        for (int i = 0; i < 600; i++) {
            if (!process.isAlive()) throw new IllegalStateException(id + " exited with " + process.exitValue() + ":\n" + logTail());
            if (healthy()) return;
            Thread.sleep(50);
        }
        throw new IllegalStateException(id + " did not answer /health within 30 s:\n" + logTail());
    }

    private boolean healthy() {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/health")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** kill -9: no shutdown hook, no drain, connections cut. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) throw new IllegalStateException(id + " survived SIGKILL");
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroy(); // SIGTERM: drains
            if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        deleteTree(logDir);
    }

    static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    String setting(String key) {
        return settings.get(key);
    }

    /** {@code n} distinct free ports of the address (all held open at once, so none repeats). */
    static int[] freePorts(String address, int n) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(address));
                held.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket s : held) s.close();
        }
    }

    static int freePort(String address) throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(address))) {
            return s.getLocalPort();
        }
    }

    private static String env(String name) {
        String v = System.getenv(name);
        return v == null ? "" : v;
    }

    /**
     * This JVM's class path as a list of files. Surefire may start tests through a manifest-only
     * jar (surefirebooter*.jar) whose Class-Path attribute holds the real entries as URLs.
     */
    static String classPath() throws IOException {
        List<String> out = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (entry.contains("surefirebooter") && entry.endsWith(".jar")) {
                try (JarFile jar = new JarFile(entry)) {
                    Manifest m = jar.getManifest();
                    String cp = m == null ? null : m.getMainAttributes().getValue("Class-Path");
                    if (cp != null) {
                        for (String url : cp.trim().split("\\s+")) {
                            URI u = URI.create(url);
                            out.add((u.isAbsolute() ? Path.of(u) : Path.of(entry).getParent().resolve(u.getPath())).toString());
                        }
                    }
                }
            } else {
                out.add(entry);
            }
        }
        return String.join(java.io.File.pathSeparator, out);
    }
}

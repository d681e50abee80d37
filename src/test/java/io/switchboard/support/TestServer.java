package io.switchboard.support;

import io.switchboard.Server;
import io.switchboard.config.Config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A real server on a free port with a temporary data directory, either on embedded H2 or on the
 * PostgreSQL named by {@code SWITCHBOARD_TEST_DB_URL} (each TestServer gets its own schema there,
 * so suites do not see each other's rows). {@link #restart()} keeps the data.
 */
public final class TestServer implements AutoCloseable {
    public enum Db { H2, POSTGRESQL }

    private final Db db;
    private final Path dataDir;
    private final Map<String, String> settings = new HashMap<>();
    private final String pgSchema;
    private Server server;

    public TestServer(Db db, Map<String, String> overrides) throws Exception {
        this.db = db;
        this.dataDir = Files.createTempDirectory("switchboard-test-");
        settings.put("data.dir", dataDir.toString());
        settings.put("http.port", "0");
        settings.put("http.bind", "127.0.0.1");
        // tests sign in often: a cheap hash here; the default (210,000) is checked in PasswordHasherTest
        settings.put("password.pbkdf2.iterations", "1000");
        settings.put("ratelimit.enabled", "false");
        settings.put("log.level", "warn");
        settings.put("net.worker.threads", "2");
        if (db == Db.POSTGRESQL) {
            pgSchema = "sb_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            try (Connection c = pgConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA " + pgSchema);
            }
            String url = pgUrl();
            settings.put("db.url", url + (url.contains("?") ? "&" : "?") + "currentSchema=" + pgSchema);
            settings.put("db.user", env("SWITCHBOARD_TEST_DB_USER", ""));
            settings.put("db.password", env("SWITCHBOARD_TEST_DB_PASSWORD", ""));
        } else {
            pgSchema = null;
        }
        settings.putAll(overrides);
        start();
    }

    public static TestServer h2() throws Exception {
        return new TestServer(Db.H2, Map.of());
    }

    private void start() throws Exception {
        // test settings sit in the file layer, so /_config can still change them as in production
        server = Server.start(new Config(settings, Map.of(), Map.of()));
    }

    public void restart() throws Exception {
        server.close();
        settings.put("http.port", "0");
        start();
    }

    public Server server() {
        return server;
    }

    public int port() {
        return server.httpPort();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public Api api() {
        return new Api(baseUrl());
    }

    public Db db() {
        return db;
    }

    private static String env(String name, String def) {
        String v = System.getenv(name);
        return v == null ? def : v;
    }

    private static String pgUrl() {
        String url = System.getenv("SWITCHBOARD_TEST_DB_URL");
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("SWITCHBOARD_TEST_DB_URL is not set");
        }
        return url;
    }

    /** A direct connection to the test PostgreSQL; fails loudly when it is unreachable. */
    public static Connection pgConnection() throws SQLException {
        return DriverManager.getConnection(pgUrl(), env("SWITCHBOARD_TEST_DB_USER", ""), env("SWITCHBOARD_TEST_DB_PASSWORD", ""));
    }

    @Override
    public void close() throws Exception {
        if (server != null) server.close();
        if (pgSchema != null) {
            try (Connection c = pgConnection(); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + pgSchema + " CASCADE");
            }
        }
        deleteTree(dataDir);
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (var walk = Files.walk(p)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}

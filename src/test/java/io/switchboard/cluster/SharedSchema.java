package io.switchboard.cluster;

import io.switchboard.support.TestServer;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** A fresh PostgreSQL schema that several nodes of one test share (SWITCHBOARD_TEST_DB_URL). */
final class SharedSchema implements AutoCloseable {
    final String name;
    /** The test database URL with this schema as the current one. */
    final String url;

    SharedSchema(String prefix) throws SQLException {
        this.name = prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        try (Connection c = TestServer.pgConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + name);
        }
        String base = System.getenv("SWITCHBOARD_TEST_DB_URL");
        this.url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + name;
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = TestServer.pgConnection(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA " + name + " CASCADE");
        }
    }
}

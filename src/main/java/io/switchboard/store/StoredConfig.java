package io.switchboard.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/** The {@code /_config} layer: key/value rows in {@code config_value}, shared by all nodes. */
public final class StoredConfig {
    private final Database db;

    public StoredConfig(Database db) {
        this.db = db;
    }

    public Map<String, String> loadAll() throws SQLException {
        return db.withConnection(c -> {
            Map<String, String> out = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT config_key, config_value FROM config_value");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.put(rs.getString(1), rs.getString(2));
            }
            return out;
        });
    }

    public void put(String key, String value) throws SQLException {
        db.inTransaction(c -> {
            int n;
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE config_value SET config_value = ?, updated_at = CURRENT_TIMESTAMP WHERE config_key = ?")) {
                ps.setString(1, value);
                ps.setString(2, key);
                n = ps.executeUpdate();
            }
            if (n == 0) {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO config_value (config_key, config_value, updated_at) VALUES (?, ?, CURRENT_TIMESTAMP)")) {
                    ps.setString(1, key);
                    ps.setString(2, value);
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    public boolean remove(String key) throws SQLException {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM config_value WHERE config_key = ?")) {
                ps.setString(1, key);
                return ps.executeUpdate() > 0;
            }
        });
    }

    /** A generated secret, created once (first caller wins, also across nodes). */
    public String secret(String name, java.util.function.Supplier<String> generator) throws SQLException {
        return db.withConnection(c -> {
            String existing = readSecret(c, name);
            if (existing != null) return existing;
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO server_secret (name, secret_value, created_at) VALUES (?, ?, CURRENT_TIMESTAMP)")) {
                ps.setString(1, name);
                ps.setString(2, generator.get());
                ps.executeUpdate();
            } catch (SQLException duplicate) {
                // another node inserted it first; fall through and read theirs
            }
            String v = readSecret(c, name);
            if (v == null) throw new SQLException("cannot create secret " + name);
            return v;
        });
    }

    private static String readSecret(java.sql.Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT secret_value FROM server_secret WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}

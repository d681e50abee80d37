package io.switchboard.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Versioned schema migrations, applied at start on H2 and PostgreSQL alike. Scripts live in
 * {@code db/migration/V<n>__<what>.sql} and are listed in {@link #SCRIPTS}; placeholders
 * {@code ${text}}, {@code ${largeText}} and {@code ${blob}} become the dialect's types.
 * On PostgreSQL an advisory lock keeps two starting nodes from migrating at once.
 */
public final class Migrations {
    private static final Logger log = LoggerFactory.getLogger(Migrations.class);
    /** Arbitrary constant: the advisory lock id for migrations. */
    private static final long LOCK_ID = 0x5377_6974_6368L;

    static final List<String> SCRIPTS = List.of(
            "V1__foundation.sql",
            "V2__event_log.sql",
            "V3__imap_modseq.sql",
            "V4__dav.sql",
            "V6__ftp.sql",
            "V7__cluster.sql",
            "V8__yjs.sql",
            "V9__imap_vanished_trim.sql");

    private Migrations() {
    }

    public static void apply(Database db) throws SQLException {
        db.withConnection(c -> {
            boolean pg = db.dialect() == SqlDialect.POSTGRESQL;
            if (pg) exec(c, "SELECT pg_advisory_lock(" + LOCK_ID + ")");
            try {
                exec(c, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                        + "description VARCHAR(200) NOT NULL, applied_at TIMESTAMP WITH TIME ZONE NOT NULL)");
                Set<Integer> done = new HashSet<>();
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT version FROM schema_migrations")) {
                    while (rs.next()) done.add(rs.getInt(1));
                }
                for (String script : SCRIPTS) {
                    int version = Integer.parseInt(script.substring(1, script.indexOf("__")));
                    if (done.contains(version)) continue;
                    applyOne(c, db.dialect(), script, version);
                }
            } finally {
                if (pg) exec(c, "SELECT pg_advisory_unlock(" + LOCK_ID + ")");
            }
            return null;
        });
    }

    private static void applyOne(Connection c, SqlDialect dialect, String script, int version) throws SQLException {
        String sql = read(script)
                .replace("${text}", dialect.text())
                .replace("${largeText}", dialect.largeText())
                .replace("${blob}", dialect.blob());
        c.setAutoCommit(false);
        try {
            for (String statement : split(sql)) exec(c, statement);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, CURRENT_TIMESTAMP)")) {
                ps.setInt(1, version);
                ps.setString(2, script);
                ps.executeUpdate();
            }
            c.commit();
            log.info("applied migration {}", script);
        } catch (SQLException e) {
            c.rollback();
            throw new SQLException("migration " + script + " failed: " + e.getMessage(), e);
        } finally {
            c.setAutoCommit(true);
        }
    }

    private static String read(String script) {
        try (InputStream in = Migrations.class.getResourceAsStream("/db/migration/" + script)) {
            if (in == null) throw new IllegalStateException("missing migration " + script);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Splits on semicolons at line ends; our scripts have no semicolons inside literals. */
    static List<String> split(String sql) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String line : sql.split("\n")) {
            String t = line.strip();
            if (t.startsWith("--") || t.isEmpty()) continue;
            cur.append(line).append('\n');
            if (t.endsWith(";")) {
                String s = cur.toString().strip();
                out.add(s.substring(0, s.length() - 1));
                cur.setLength(0);
            }
        }
        if (!cur.toString().isBlank()) out.add(cur.toString().strip());
        return out;
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}

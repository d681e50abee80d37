package io.switchboard.entity;

import io.switchboard.store.SqlDialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;

/**
 * Creates an entity table from its schema, or adds the columns it lacks. Identifiers are
 * validated by {@link EntitySchema} and always double-quoted, so names such as "order" work.
 */
final class TableDdl {
    private TableDdl() {
    }

    static String quote(String identifier) {
        return "\"" + identifier + "\"";
    }

    static boolean tableExists(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = ? AND table_schema = CURRENT_SCHEMA")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getInt(1) > 0;
            }
        }
    }

    static void ensure(Connection c, SqlDialect dialect, EntitySchema schema) throws SQLException {
        String t = quote(schema.tableName());
        if (!tableExists(c, schema.tableName())) {
            StringBuilder sql = new StringBuilder("CREATE TABLE ").append(t).append(" (")
                    .append("\"reference_id\" VARCHAR(36) PRIMARY KEY, ")
                    .append("\"permission\" INTEGER NOT NULL, ")
                    .append("\"owner\" VARCHAR(36), ")
                    .append("\"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL, ")
                    .append("\"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL");
            for (ColumnSpec col : schema.columns().values()) {
                sql.append(", ").append(quote(col.name())).append(' ').append(col.sqlType(dialect));
            }
            sql.append(')');
            exec(c, sql.toString());
        } else {
            Set<String> existing = existingColumns(c, schema.tableName());
            for (ColumnSpec col : schema.columns().values()) {
                if (!existing.contains(col.name())) {
                    exec(c, "ALTER TABLE " + t + " ADD COLUMN " + quote(col.name()) + " " + col.sqlType(dialect));
                }
            }
        }
        exec(c, "CREATE INDEX IF NOT EXISTS " + quote(schema.tableName() + "_created_at") + " ON " + t + " (\"created_at\")");
        exec(c, "CREATE INDEX IF NOT EXISTS " + quote(schema.tableName() + "_owner") + " ON " + t + " (\"owner\")");
        for (ColumnSpec col : schema.columns().values()) {
            if (col.unique()) {
                exec(c, "CREATE UNIQUE INDEX IF NOT EXISTS " + quote(schema.tableName() + "_" + col.name() + "_key")
                        + " ON " + t + " (" + quote(col.name()) + ")");
            }
        }
    }

    static void drop(Connection c, String table) throws SQLException {
        exec(c, "DROP TABLE IF EXISTS " + quote(table));
    }

    private static Set<String> existingColumns(Connection c, String table) throws SQLException {
        Set<String> out = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ? AND table_schema = CURRENT_SCHEMA")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1).toLowerCase(java.util.Locale.ROOT));
            }
        }
        return out;
    }

    static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}

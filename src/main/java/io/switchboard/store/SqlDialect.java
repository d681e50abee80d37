package io.switchboard.store;

/**
 * The few places where embedded H2 (PostgreSQL mode) and PostgreSQL differ. Everything else is
 * written once in SQL both accept.
 */
public enum SqlDialect {
    H2, POSTGRESQL;

    public static SqlDialect fromUrl(String jdbcUrl) {
        return jdbcUrl.startsWith("jdbc:postgresql:") ? POSTGRESQL : H2;
    }

    /** {@code expr & mask} as a SQL integer expression. H2 has no {@code &} operator. */
    public String bitAnd(String expr, long mask) {
        return this == H2 ? "BITAND(" + expr + ", " + mask + ")" : "(" + expr + " & " + mask + ")";
    }

    /** Unbounded text that is never compared (bodies, JSON documents). */
    public String largeText() {
        return this == H2 ? "CHARACTER LARGE OBJECT" : "TEXT";
    }

    /** Text that can be filtered on with = and LIKE. H2 caps VARCHAR at 1,000,000 characters. */
    public String text() {
        return this == H2 ? "VARCHAR(1000000)" : "TEXT";
    }

    public String blob() {
        return this == H2 ? "BINARY LARGE OBJECT" : "BYTEA";
    }

    /** PostgreSQL runs DDL inside transactions; H2 commits around it. */
    public boolean transactionalDdl() {
        return this == POSTGRESQL;
    }

    /** Case-insensitive LIKE. */
    public String ilike() {
        return "ILIKE";
    }
}

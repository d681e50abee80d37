package io.switchboard.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.switchboard.config.Config;
import io.switchboard.config.ConfigKeys;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The HikariCP pool over embedded H2 (default, a file under {@code data.dir}) or PostgreSQL, plus
 * transaction helpers. Only blocking threads call into it.
 */
public final class Database implements AutoCloseable {
    /** Work inside one connection; may throw SQL errors. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    private final HikariDataSource pool;
    private final SqlDialect dialect;
    private final String displayUrl;

    public Database(Config config, Path dataDir) throws java.io.IOException {
        String url = config.get(ConfigKeys.DB_URL).trim();
        if (url.isEmpty()) {
            Path dir = dataDir.resolve("db").toAbsolutePath();
            Files.createDirectories(dir);
            // WRITE_DELAY=0: a committed transaction reaches the OS before the commit returns, so
            // acknowledged data survives a killed process (power loss needs PostgreSQL).
            url = "jdbc:h2:file:" + dir.resolve("switchboard") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE"
                    + ";DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0";
        }
        this.dialect = SqlDialect.fromUrl(url);
        this.displayUrl = url.replaceAll("password=[^&;]*", "password=***");
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(url);
        String user = config.get(ConfigKeys.DB_USER);
        if (!user.isEmpty()) hc.setUsername(user);
        else if (dialect == SqlDialect.H2) hc.setUsername("sa");
        String password = config.get(ConfigKeys.DB_PASSWORD);
        if (!password.isEmpty()) hc.setPassword(password);
        hc.setMaximumPoolSize(Math.max(2, config.getInt(ConfigKeys.DB_POOL_SIZE)));
        hc.setMinimumIdle(1);
        hc.setPoolName("switchboard-db");
        hc.setConnectionTimeout(10_000);
        hc.setInitializationFailTimeout(10_000);
        this.pool = new HikariDataSource(hc);
    }

    public SqlDialect dialect() {
        return dialect;
    }

    public DataSource dataSource() {
        return pool;
    }

    /** The JDBC URL with any password masked, for logs and statistics. */
    public String displayUrl() {
        return displayUrl;
    }

    public <T> T withConnection(SqlWork<T> work) throws SQLException {
        try (Connection c = pool.getConnection()) {
            return work.run(c);
        }
    }

    /** Runs the work in one transaction: committed when it returns, rolled back when it throws. */
    public <T> T inTransaction(SqlWork<T> work) throws SQLException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                try {
                    c.rollback();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    public int activeConnections() {
        HikariPoolMXBean mx = pool.getHikariPoolMXBean();
        return mx == null ? 0 : mx.getActiveConnections();
    }

    public int idleConnections() {
        HikariPoolMXBean mx = pool.getHikariPoolMXBean();
        return mx == null ? 0 : mx.getIdleConnections();
    }

    public int totalConnections() {
        HikariPoolMXBean mx = pool.getHikariPoolMXBean();
        return mx == null ? 0 : mx.getTotalConnections();
    }

    @Override
    public void close() {
        pool.close();
    }
}

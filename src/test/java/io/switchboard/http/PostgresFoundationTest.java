package io.switchboard.http;

import io.switchboard.support.TestServer;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The foundation suite on PostgreSQL. Runs whenever SWITCHBOARD_TEST_DB_URL is set (.ci/run sets
 * it) and then fails if the database is unreachable.
 */
@EnabledIfEnvironmentVariable(named = "SWITCHBOARD_TEST_DB_URL", matches = ".+")
class PostgresFoundationTest extends FoundationApiSuite {
    @Override
    TestServer.Db db() {
        return TestServer.Db.POSTGRESQL;
    }
}

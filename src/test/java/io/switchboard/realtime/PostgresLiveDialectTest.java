package io.switchboard.realtime;

import io.switchboard.support.TestServer;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The /live dialect suite on PostgreSQL, where the cluster bus is on: every event reaches the router
 * through the cluster log with its cluster-wide number, so this checks the dialect is unchanged there.
 */
@EnabledIfEnvironmentVariable(named = "SWITCHBOARD_TEST_DB_URL", matches = ".+")
class PostgresLiveDialectTest extends LiveDialectTest {
    @Override
    TestServer.Db db() {
        return TestServer.Db.POSTGRESQL;
    }
}

package io.switchboard.feed;

import io.switchboard.support.TestServer;

/** The feed serving suite on the PostgreSQL named by SWITCHBOARD_TEST_DB_URL (runs whenever it is set). */
@org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable(named = "SWITCHBOARD_TEST_DB_URL", matches = ".+")
class PostgresFeedServingTest extends FeedServingSuite {
    @Override
    TestServer.Db db() {
        return TestServer.Db.POSTGRESQL;
    }
}

package io.switchboard.dav;

import io.switchboard.support.TestServer;

/** The CardDAV suite on PostgreSQL (SWITCHBOARD_TEST_DB_URL, as .ci/run sets it). */
@org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable(named = "SWITCHBOARD_TEST_DB_URL", matches = ".+")
class PostgresCardDavTest extends CardDavTest {
    @Override
    TestServer.Db db() {
        return TestServer.Db.POSTGRESQL;
    }
}

package io.switchboard.dav;

import io.switchboard.support.TestServer;

/** The WebDAV suite (locks in dav_lock) on PostgreSQL (SWITCHBOARD_TEST_DB_URL, as .ci/run sets it). */
@org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable(named = "SWITCHBOARD_TEST_DB_URL", matches = ".+")
class PostgresWebDavTest extends WebDavTest {
    @Override
    TestServer.Db db() {
        return TestServer.Db.POSTGRESQL;
    }
}

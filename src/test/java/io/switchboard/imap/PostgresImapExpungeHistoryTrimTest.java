package io.switchboard.imap;

import io.switchboard.support.TestServer;

/** The expunge-history trim against PostgreSQL (SWITCHBOARD_TEST_DB_URL, set by .ci/run; runs whenever it is set). */
@org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable(named = "SWITCHBOARD_TEST_DB_URL", matches = ".+")
class PostgresImapExpungeHistoryTrimTest extends ImapExpungeHistoryTrimTest {
    @Override
    protected TestServer.Db db() {
        return TestServer.Db.POSTGRESQL;
    }
}

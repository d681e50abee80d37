package io.switchboard.imap;

import io.switchboard.support.TestServer;

/** RENAME INBOX against PostgreSQL (SWITCHBOARD_TEST_DB_URL, set by .ci/run; runs whenever it is set). */
@org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable(named = "SWITCHBOARD_TEST_DB_URL", matches = ".+")
class PostgresImapRenameInboxTest extends ImapRenameInboxTest {
    @Override
    protected TestServer.Db db() {
        return TestServer.Db.POSTGRESQL;
    }
}

package io.switchboard.imap;

import io.switchboard.support.TestServer;

/** The imaplib and imapflow flows against PostgreSQL (SWITCHBOARD_TEST_DB_URL, set by .ci/run; runs whenever it is set). */
@org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable(named = "SWITCHBOARD_TEST_DB_URL", matches = ".+")
class PostgresImaplibInteropTest extends ImaplibInteropTest {
    @Override
    protected TestServer.Db db() {
        return TestServer.Db.POSTGRESQL;
    }
}

package io.switchboard.imap;

import io.switchboard.support.TestServer;

/** The imaplib and imapflow flows against PostgreSQL (SWITCHBOARD_TEST_DB_URL, set by .ci/run). */
class PostgresImaplibInteropTest extends ImaplibInteropTest {
    @Override
    protected TestServer.Db db() {
        return TestServer.Db.POSTGRESQL;
    }
}

package io.switchboard.http;

import io.switchboard.support.TestServer;

/** The foundation suite on the embedded default. */
class H2FoundationTest extends FoundationApiSuite {
    @Override
    TestServer.Db db() {
        return TestServer.Db.H2;
    }
}

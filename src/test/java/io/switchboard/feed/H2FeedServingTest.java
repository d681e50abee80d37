package io.switchboard.feed;

import io.switchboard.support.TestServer;

/** The feed serving suite on the embedded default. */
class H2FeedServingTest extends FeedServingSuite {
    @Override
    TestServer.Db db() {
        return TestServer.Db.H2;
    }
}

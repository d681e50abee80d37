package io.switchboard.ftp;

import io.switchboard.support.TestServer;
import org.junit.jupiter.api.BeforeAll;

/** The quota scenarios of {@link FtpQuotaTest} on PostgreSQL (own limits in storage_quota, V6__ftp.sql). */
class PostgresFtpQuotaTest extends FtpQuotaTest {
    @BeforeAll
    static void start() throws Exception {
        FtpFixture.requireTool("curl", "curl");
        FtpFixture.requireTool("python3", "python3");
        fx = new FtpFixture(TestServer.Db.POSTGRESQL, settings());
    }
}

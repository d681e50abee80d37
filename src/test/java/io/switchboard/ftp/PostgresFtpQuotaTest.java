package io.switchboard.ftp;

import io.switchboard.support.TestServer;
import org.junit.jupiter.api.BeforeAll;

import java.util.Map;

/** The quota scenarios of {@link FtpQuotaTest} with the tally in PostgreSQL (storage_quota, V6__ftp.sql). */
class PostgresFtpQuotaTest extends FtpQuotaTest {
    @BeforeAll
    static void start() throws Exception {
        FtpFixture.requireTool("curl", "curl");
        FtpFixture.requireTool("python3", "python3");
        fx = new FtpFixture(TestServer.Db.POSTGRESQL, Map.of("ftp.quota.bytes", Long.toString(QUOTA)));
    }
}

package io.switchboard.ftp;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.switchboard.ftp.FtpFixture.cmd;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** npm basic-ftp (clients/ftp, `npm ci`; Debian package nodejs): plain, explicit and implicit FTPS. */
class BasicFtpInteropTest {
    static final Path CLIENTS = Path.of("clients/ftp").toAbsolutePath();
    static FtpFixture fx;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws Exception {
        FtpFixture.requireTool("node", "nodejs");
        if (!Files.isDirectory(CLIENTS.resolve("node_modules/basic-ftp"))) {
            fail("npm package basic-ftp is missing: run `npm ci` in " + CLIENTS + " (Debian package npm)");
        }
        fx = new FtpFixture();
    }

    @AfterAll
    static void stop() throws Exception {
        if (fx != null) fx.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "explicit", "implicit"})
    void uploadsDownloadsResumesAppendsListsAndStaysInItsSite(String mode) throws Exception {
        int port = mode.equals("implicit") ? fx.ftpsPort() : fx.ftpPort();
        FtpFixture.Run r = FtpFixture.run(CLIENTS, cmd("node", "basic-ftp-client.mjs", mode, "127.0.0.1", Integer.toString(port),
                fx.alice.email(), fx.alice.password(), tmp.toString()));
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("OK " + mode), r.output());
        assertTrue(!Files.exists(fx.siteRoot("alpha").resolve("basic-ftp-" + mode)));
        assertTrue(!Files.exists(fx.siteRoot("docs").resolve("renamed.bin")));
    }
}

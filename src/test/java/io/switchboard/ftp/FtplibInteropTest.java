package io.switchboard.ftp;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.switchboard.ftp.FtpFixture.cmd;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Python's ftplib (Debian package python3): FTP, FTP_TLS with prot_p, and ABOR mid-transfer. */
class FtplibInteropTest {
    static FtpFixture fx;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws Exception {
        FtpFixture.requireTool("python3", "python3");
        fx = new FtpFixture();
    }

    @AfterAll
    static void stop() throws Exception {
        if (fx != null) fx.close();
    }

    private FtpFixture.Run script(String scenario) throws Exception {
        Path script = Path.of("src/test/resources/ftp/ftplib_client.py").toAbsolutePath();
        List<String> c = cmd("python3", script.toString(), scenario, "127.0.0.1", Integer.toString(fx.ftpPort()),
                fx.alice.email(), fx.alice.password(), tmp.toString());
        FtpFixture.Run r = FtpFixture.run(tmp, c);
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("OK " + scenario), r.output());
        return r;
    }

    @Test
    void plainSessionUploadsDownloadsListsRenamesAndDeletes() throws Exception {
        script("plain");
        assertTrue(Files.exists(fx.siteRoot("alpha")));
        try (var files = Files.list(fx.siteRoot("alpha"))) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith("ftplib-plain")));
        }
    }

    @Test
    void ftpTlsWithProtPDoesTheSameOverEncryptedConnections() throws Exception {
        script("tls");
    }

    @Test
    void abortDuringADownloadLeavesTheSessionUsable() throws Exception {
        byte[] big = new byte[20_000_000];
        new java.util.Random(5).nextBytes(big);
        Files.write(fx.siteRoot("alpha").resolve("big.bin"), big);
        script("abort");
    }
}

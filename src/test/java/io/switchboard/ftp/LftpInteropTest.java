package io.switchboard.ftp;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static io.switchboard.ftp.FtpFixture.cmd;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** lftp (Debian package lftp): mirror a tree up and down, listing with MLSD, plain and with TLS. */
class LftpInteropTest {
    static FtpFixture fx;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws Exception {
        FtpFixture.requireTool("lftp", "lftp");
        fx = new FtpFixture();
    }

    @AfterAll
    static void stop() throws Exception {
        if (fx != null) fx.close();
    }

    private static void tree(Path root) throws IOException {
        Random r = new Random(7);
        for (String f : new String[]{"a.txt", "sub/b.bin", "sub/deeper/c.bin", "sub/deeper/empty.txt", "other/d e f.txt", "ünïcode/ö.txt"}) {
            Path p = root.resolve(f);
            Files.createDirectories(p.getParent());
            byte[] b = new byte[f.contains("empty") ? 0 : 1000 + r.nextInt(300_000)];
            r.nextBytes(b);
            Files.write(p, b);
        }
    }

    private static Map<String, byte[]> files(Path root) throws IOException {
        Map<String, byte[]> m = new TreeMap<>();
        try (var walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isRegularFile(p)) m.put(root.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return m;
    }

    private FtpFixture.Run lftp(String settings, String commands) throws Exception {
        String script = "set net:max-retries 1; set net:timeout 20; set net:reconnect-interval-base 1; set ftp:use-mlsd on; "
                + "set ssl:verify-certificate no; " + settings + "; debug 5 -t -o " + tmp.resolve("lftp.log") + "; " + commands + "; quit";
        return FtpFixture.run(tmp, cmd("lftp", "-u", fx.alice.email() + "," + fx.alice.password(), "-p",
                Integer.toString(fx.ftpPort()), "-e", script, "127.0.0.1"));
    }

    private void mirrorUpAndDown(String settings, String remote) throws Exception {
        Path up = tmp.resolve("up");
        tree(up);
        FtpFixture.Run r = lftp(settings, "mirror -R " + up + " /alpha/" + remote + "; mirror /alpha/" + remote + " " + tmp.resolve("down"));
        String log = Files.exists(tmp.resolve("lftp.log")) ? Files.readString(tmp.resolve("lftp.log")) : "";
        assertEquals(0, r.exit(), r.output() + "\n" + log);
        Map<String, byte[]> expected = files(up);
        Map<String, byte[]> onServer = files(fx.siteRoot("alpha").resolve(remote));
        Map<String, byte[]> down = files(tmp.resolve("down"));
        assertEquals(expected.keySet(), onServer.keySet());
        assertEquals(expected.keySet(), down.keySet());
        for (String k : expected.keySet()) {
            assertArrayEquals(expected.get(k), onServer.get(k), k);
            assertArrayEquals(expected.get(k), down.get(k), k);
        }
        assertTrue(log.contains("MLSD"), "lftp listed with MLSD:\n" + log);
    }

    @Test
    void mirrorsATreeUpAndDownWithMlsd() throws Exception {
        mirrorUpAndDown("set ftp:ssl-allow no", "lftp-plain");
    }

    @Test
    void mirrorsATreeUpAndDownOverExplicitTls() throws Exception {
        mirrorUpAndDown("set ftp:ssl-force yes; set ftp:ssl-protect-data yes; set ftp:ssl-protect-list yes", "lftp-tls");
        String log = Files.readString(tmp.resolve("lftp.log"));
        assertTrue(log.contains("AUTH TLS") && log.contains("PROT P"), log);
    }
}

package io.switchboard.ftp;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Over raw sockets: login, the virtual tree, and everything that must never get out of a site. */
class FtpIsolationTest {
    static FtpFixture fx;

    @BeforeAll
    static void start() throws Exception {
        fx = new FtpFixture();
    }

    @AfterAll
    static void stop() throws Exception {
        fx.close();
    }

    private RawFtpClient alice() throws Exception {
        RawFtpClient c = new RawFtpClient(fx.ftpPort());
        assertEquals(230, c.login(fx.alice.email(), fx.alice.password()).code());
        return c;
    }

    @Test
    void refusesWrongPasswordAndCommandsBeforeLogin() throws Exception {
        try (RawFtpClient c = new RawFtpClient(fx.ftpPort())) {
            assertEquals(FtpReplies.GREETING.code(), c.greeting().code());
            assertEquals(530, c.send("LIST").code());
            assertEquals(530, c.send("CWD /alpha").code());
            assertEquals(331, c.send("USER " + fx.alice.email()).code());
            assertEquals(530, c.send("PASS wrong-password").code());
            assertEquals(202, c.send("ACCT whatever").code());
            assertEquals(500, c.send("FROB").code());
        }
    }

    @Test
    void rootListsOnlyTheSitesTheUserMayRead() throws Exception {
        try (RawFtpClient c = alice()) {
            assertEquals("\"/\" is the current directory", c.send("PWD").text().substring(4));
            String names = c.fetchText("NLST");
            assertEquals("alpha\r\ndocs\r\npublic\r\n", names);
            assertEquals(550, c.send("CWD /beta").code());
            assertEquals(550, c.send("SIZE /beta/anything").code());
        }
        try (RawFtpClient c = new RawFtpClient(fx.ftpPort())) {
            assertEquals(230, c.login(fx.admin.email(), fx.admin.password()).code());
            assertEquals("alpha\r\nbeta\r\ndocs\r\npublic\r\n", c.fetchText("NLST"));
        }
    }

    @Test
    void dotDotAndAbsolutePathsStayInsideTheSites() throws Exception {
        Files.writeString(fx.siteRoot("beta").resolve("secret.txt"), "beta only");
        try (RawFtpClient c = alice()) {
            assertEquals(250, c.send("CWD /alpha").code());
            assertEquals(250, c.send("CWD ../../../..").code());
            assertEquals("\"/\" is the current directory", c.send("PWD").text().substring(4));
            assertEquals(250, c.send("CWD /alpha").code());
            assertEquals(550, c.send("SIZE ../beta/secret.txt").code());
            assertEquals(550, c.send("SIZE ../../../../etc/passwd").code());
            assertEquals(550, c.send("SIZE /etc/passwd").code());
            assertEquals(550, c.send("CWD /etc").code());
            assertEquals(550, c.send("MKD /newsite").code());
            assertEquals(550, c.send("MKD /").code());
            assertEquals(550, c.send("DELE /alpha").code());
            assertEquals(550, c.send("RMD /alpha").code());
        }
    }

    @Test
    void encodedAndControlCharacterNamesAreNeverDecoded() throws Exception {
        try (RawFtpClient c = alice()) {
            assertEquals(250, c.send("CWD /alpha").code());
            // a percent-encoded ".." is just a name in FTP: it names a folder inside alpha, never the parent
            assertEquals(257, c.send("MKD %2e%2e").code());
            assertTrue(Files.isDirectory(fx.siteRoot("alpha").resolve("%2e%2e")));
            assertEquals(550, c.send("CWD ..%2fbeta").code());
            assertEquals(550, c.send("MKD a\\..\\..\\x").code());
            assertEquals(550, c.send("MKD bad\u0001name").code());
            assertEquals(550, c.send("SIZE " + FtpFileSystem.UPLOAD_PREFIX + "x").code());
        }
    }

    @Test
    void symlinksOutOfTheSiteAreRefusedAndHidden() throws Exception {
        Path alpha = fx.siteRoot("alpha");
        Path outside = Files.createTempDirectory("ftp-outside");
        Files.writeString(outside.resolve("passwd"), "not yours");
        Files.createSymbolicLink(alpha.resolve("escape"), outside);
        Files.createSymbolicLink(alpha.resolve("escape-file"), outside.resolve("passwd"));
        Files.createSymbolicLink(alpha.resolve("to-beta"), fx.siteRoot("beta"));
        Files.writeString(alpha.resolve("inside.txt"), "ok");
        Files.createSymbolicLink(alpha.resolve("inside-link"), alpha.resolve("inside.txt"));
        try (RawFtpClient c = alice()) {
            assertEquals(250, c.send("CWD /alpha").code());
            assertEquals(550, c.send("CWD escape").code());
            assertEquals(550, c.send("SIZE escape/passwd").code());
            assertEquals(550, c.send("SIZE escape-file").code());
            assertEquals(550, c.send("CWD to-beta").code());
            assertEquals(550, c.send("MKD escape/new").code());
            assertEquals(550, c.send("RNFR escape-file").code());
            assertEquals("213 2", c.send("SIZE inside-link").text());
            String listing = c.fetchText("NLST");
            assertFalse(listing.contains("escape"), listing);
            assertFalse(listing.contains("to-beta"), listing);
            assertTrue(listing.contains("inside-link"), listing);
            assertEquals(550, c.store("STOR escape/dropped", "x".getBytes()).code());
        }
        assertFalse(Files.exists(outside.resolve("dropped")));
    }

    @Test
    void renameOutOfTheSiteIsRefused() throws Exception {
        Files.writeString(fx.siteRoot("alpha").resolve("move-me.txt"), "data");
        try (RawFtpClient c = alice()) {
            assertEquals(350, c.send("RNFR /alpha/move-me.txt").code());
            assertEquals(553, c.send("RNTO /docs/move-me.txt").code());
            assertEquals(350, c.send("RNFR /alpha/move-me.txt").code());
            assertEquals(553, c.send("RNTO ../../move-me.txt").code());
            assertEquals(350, c.send("RNFR /alpha/move-me.txt").code());
            assertEquals(553, c.send("RNTO /").code());
            assertEquals(503, c.send("RNTO /alpha/x").code());
            assertEquals(350, c.send("RNFR /alpha/move-me.txt").code());
            assertEquals(250, c.send("RNTO /alpha/moved.txt").code());
        }
        assertTrue(Files.exists(fx.siteRoot("alpha").resolve("moved.txt")));
    }

    @Test
    void writingFilesDoesNotLetAUserMoveTheSiteRoot() throws Exception {
        // file writers hold CREATE on the site row, not UPDATE: the path column stays the admin's
        var attrs = io.switchboard.Json.object().put("path", "/");
        int status = fx.api.patch("/api/site/" + fx.siteIds.get("alpha"), fx.alice.token(),
                io.switchboard.support.Api.resource("site", attrs)).status();
        assertTrue(status == 403 || status == 404, "status " + status);
        try (RawFtpClient c = alice()) {
            assertEquals(550, c.send("CWD /alpha/etc").code());
        }
    }

    @Test
    void onlyAdministratorsMaySetASitesPathEvenWithUpdatePermission() throws Exception {
        int groupReadUpdate = (1 | 2 | 8) << 14; // peek, read, update for the row's group
        fx.site("gamma", io.switchboard.auth.Permission.OWNER_ALL | groupReadUpdate, io.switchboard.auth.Principal.USERS_GROUP);
        String id = fx.siteIds.get("gamma");
        try {
            var toRoot = io.switchboard.support.Api.resource("site", io.switchboard.Json.object().put("path", "/"));
            assertEquals(403, fx.api.patch("/api/site/" + id, fx.alice.token(), toRoot).status(), "update permission is not enough for path");
            assertEquals(200, fx.api.patch("/api/site/" + id, fx.alice.token(),
                    io.switchboard.support.Api.resource("site", io.switchboard.Json.object().put("name", "renamed"))).status());
            var elsewhere = io.switchboard.support.Api.resource("site", io.switchboard.Json.object().put("path", fx.siteRoot("gamma").toString()));
            assertEquals(200, fx.api.patch("/api/site/" + id, fx.admin.token(), elsewhere).status(), "administrators may");
        } finally {
            // the fixture is shared by this class's tests: leave the four sites it promises
            assertEquals(204, fx.api.delete("/api/site/" + id, fx.admin.token()).status());
            fx.siteIds.remove("gamma");
        }
    }

    @Test
    void readOnlySiteRefusesWrites() throws Exception {
        Files.writeString(fx.siteRoot("docs").resolve("manual.txt"), "read me");
        try (RawFtpClient c = alice()) {
            assertEquals("read me", c.fetchText("RETR /docs/manual.txt"));
            assertEquals(550, c.send("DELE /docs/manual.txt").code());
            assertEquals(550, c.send("MKD /docs/new").code());
            assertEquals(550, c.store("STOR /docs/new.txt", "x".getBytes()).code());
        }
    }

    @Test
    void anonymousSeesOnlyGuestReadableSitesReadOnly() throws Exception {
        Files.writeString(fx.siteRoot("public").resolve("readme.txt"), "hello guest");
        try (RawFtpClient c = new RawFtpClient(fx.ftpPort())) {
            assertEquals(230, c.login("anonymous", "guest@example.com").code());
            assertEquals("public\r\n", c.fetchText("NLST"));
            assertEquals("hello guest", c.fetchText("RETR /public/readme.txt"));
            assertEquals(550, c.send("MKD /public/x").code());
            assertEquals(550, c.send("CWD /alpha").code());
        }
    }

    @Test
    void threeThousandByteCommandLineIsRefusedAndSessionContinues() throws Exception {
        try (RawFtpClient c = alice()) {
            byte[] big = new byte[3000];
            Arrays.fill(big, (byte) 'A');
            c.sendRaw(("CWD /alpha/" + new String(big, StandardCharsets.US_ASCII) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            assertEquals(FtpReplies.LINE_TOO_LONG.lines().get(0), c.read().text().substring(4));
            assertEquals(200, c.send("NOOP").code());
        }
    }

    @Test
    void portToAForeignAddressIsRefused() throws Exception {
        try (RawFtpClient c = alice()) {
            assertEquals(500, c.send("PORT 10,0,0,1,200,10").code());
            assertEquals(500, c.send("PORT 127,0,0,2,200,10").code());
            assertEquals(500, c.send("EPRT |1|192.0.2.1|5000|").code());
            assertEquals(500, c.send("PORT 127,0,0,1,0,21").code());
            assertEquals(501, c.send("PORT 127,0,0,1").code());
            assertEquals(425, c.send("LIST").code());
        }
    }

    @Test
    void dataConnectionFromAnotherAddressIsRefused() throws Exception {
        Files.writeString(fx.siteRoot("alpha").resolve("theft.txt"), "mine");
        long before = fx.ftp.refusedDataConnections();
        try (RawFtpClient c = alice()) {
            // the thief connects from 127.0.0.2 to the port our EPSV opened for 127.0.0.1
            try (Socket thief = c.passiveData(InetAddress.getByName("127.0.0.2"))) {
                c.send("RETR /alpha/theft.txt");
                assertEquals(-1, thief.getInputStream().read());
                assertEquals(425, c.read().code());
            }
            assertEquals(before + 1, fx.ftp.refusedDataConnections());
            assertEquals("mine", c.fetchText("RETR /alpha/theft.txt"));
        }
    }

    @Test
    void activeModeConnectsBackToTheClient() throws Exception {
        Files.writeString(fx.siteRoot("alpha").resolve("active.txt"), "via PORT");
        try (RawFtpClient c = alice(); java.net.ServerSocket ss = new java.net.ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int p = ss.getLocalPort();
            assertEquals(200, c.send("PORT 127,0,0,1," + (p >> 8) + "," + (p & 0xFF)).code());
            assertEquals(150, c.send("RETR /alpha/active.txt").code());
            try (Socket d = ss.accept()) {
                assertEquals("via PORT", new String(d.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
            assertEquals(226, c.read().code());
        }
    }

    @Test
    void interruptedUploadNeverLeavesAHalfFile() throws Exception {
        Path alpha = fx.siteRoot("alpha");
        Files.writeString(alpha.resolve("report.bin"), "old complete version");
        try (RawFtpClient c = alice()) {
            Socket d = c.passiveData();
            assertEquals(150, c.send("STOR /alpha/report.bin").code());
            OutputStream o = d.getOutputStream();
            o.write(new byte[100_000]);
            o.flush();
            d.setSoLinger(true, 0);   // RST, not FIN: the upload did not end
            d.close();
            assertEquals(426, c.read().code());
            assertEquals(200, c.send("NOOP").code());
        }
        assertEquals("old complete version", Files.readString(alpha.resolve("report.bin")));
        try (var files = Files.list(alpha)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith(FtpFileSystem.UPLOAD_PREFIX)));
        }
    }

    @Test
    void abortMidTransferAnswers426Then226AndDiscardsTheUpload() throws Exception {
        Path alpha = fx.siteRoot("alpha");
        try (RawFtpClient c = alice()) {
            Socket d = c.passiveData();
            assertEquals(150, c.send("STOR /alpha/aborted.bin").code());
            d.getOutputStream().write(new byte[50_000]);
            d.getOutputStream().flush();
            // RFC 959 section 4.1.3: Telnet IP and Synch, then ABOR
            c.sendRaw(new byte[]{(byte) 0xFF, (byte) 0xF4, (byte) 0xFF, (byte) 0xF2});
            RawFtpClient.Reply first = c.send("ABOR");
            assertEquals(426, first.code());
            assertEquals(226, c.read().code());
            d.close();
            assertEquals(200, c.send("NOOP").code());
        }
        assertFalse(Files.exists(alpha.resolve("aborted.bin")));
        try (var files = Files.list(alpha)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith(FtpFileSystem.UPLOAD_PREFIX)));
        }
    }

    @Test
    void quitDuringATransferLetsItFinishThenSays221() throws Exception {
        byte[] big = new byte[8_000_000];
        new java.util.Random(9).nextBytes(big);
        Files.write(fx.siteRoot("alpha").resolve("quit.bin"), big);
        try (RawFtpClient c = alice(); Socket d = c.passiveData()) {
            assertEquals(150, c.send("RETR /alpha/quit.bin").code());
            c.sendRaw("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            assertArrayEquals(big, d.getInputStream().readAllBytes());
            assertEquals(226, c.read().code());
            assertEquals(221, c.read().code());
        }
    }

    @Test
    void restartedUploadAndDownloadContinueAtTheOffset() throws Exception {
        try (RawFtpClient c = alice()) {
            assertEquals(226, c.store("STOR /alpha/resume.txt", "0123456789".getBytes()).code());
            assertEquals(350, c.send("REST 4").code());
            assertEquals("456789", c.fetchText("RETR /alpha/resume.txt"));
            assertEquals(350, c.send("REST 5").code());
            assertEquals(226, c.store("STOR /alpha/resume.txt", "ABCDE".getBytes()).code());
            assertEquals("01234ABCDE", Files.readString(fx.siteRoot("alpha").resolve("resume.txt")));
            assertEquals(226, c.store("APPE /alpha/resume.txt", "++".getBytes()).code());
            assertEquals("213 12", c.send("SIZE /alpha/resume.txt").text());
        }
    }

    @Test
    void featMlstMdtmAndUtf8Names() throws Exception {
        try (RawFtpClient c = alice()) {
            String feat = c.send("FEAT").text();
            for (String f : FeatVerb.FEATURES) assertTrue(feat.contains(" " + f), feat);
            assertEquals(200, c.send("OPTS UTF8 ON").code());
            assertEquals(226, c.store("STOR /alpha/grüße-日本.txt", "utf8".getBytes()).code());
            assertTrue(c.fetchText("NLST /alpha").contains("grüße-日本.txt"));
            String mlst = c.send("MLST /alpha/grüße-日本.txt").text();
            assertTrue(mlst.contains("\n type=file;size=4;modify="), mlst);
            assertTrue(c.send("MDTM /alpha/grüße-日本.txt").text().matches("213 \\d{14}"));
            String mlsd = c.fetchText("MLSD /alpha");
            assertTrue(mlsd.startsWith("type=cdir;"), mlsd);
            assertTrue(mlsd.contains("type=file;size=4;") && mlsd.contains(" grüße-日本.txt\r\n"), mlsd);
            assertEquals(215, c.send("SYST").code());
            assertEquals(200, c.send("TYPE A").code());
            assertEquals(200, c.send("MODE S").code());
            assertEquals(504, c.send("MODE B").code());
            assertEquals(200, c.send("STRU F").code());
            assertEquals(214, c.send("HELP").code());
            assertEquals(211, c.send("STAT").code());
        }
    }

    @Test
    void emptyUploadsCompleteEveryTime() throws Exception {
        try (RawFtpClient c = alice()) {
            for (int i = 0; i < 100; i++) {
                assertEquals(226, c.store("STOR /alpha/empty-" + i + ".txt", new byte[0]).code(), "upload " + i);
                assertEquals(0, Files.size(fx.siteRoot("alpha").resolve("empty-" + i + ".txt")));
            }
        }
    }

    @Test
    void asciiTypeConvertsLineEndings() throws Exception {
        try (RawFtpClient c = alice()) {
            assertEquals(200, c.send("TYPE A").code());
            assertEquals(226, c.store("STOR /alpha/text.txt", "one\r\ntwo\r\n".getBytes()).code());
            assertEquals("one\ntwo\n", Files.readString(fx.siteRoot("alpha").resolve("text.txt")));
            assertArrayEquals("one\r\ntwo\r\n".getBytes(), c.fetch("RETR /alpha/text.txt"));
            assertEquals(200, c.send("TYPE I").code());
            assertArrayEquals("one\ntwo\n".getBytes(), c.fetch("RETR /alpha/text.txt"));
        }
    }

    @Test
    void aSessionKeepsItsPassivePortForLaterTransfers() throws Exception {
        Files.writeString(fx.siteRoot("alpha").resolve("kept-port.txt"), "same port");
        try (RawFtpClient c = alice()) {
            RawFtpClient.Reply first = c.send("EPSV");
            RawFtpClient.Reply second = c.send("EPSV");
            assertEquals(229, first.code());
            assertEquals(first.text(), second.text(), "the second EPSV offers the same port");
            // and the port serves one transfer after another
            for (int i = 0; i < 3; i++) assertEquals("same port", c.fetchText("RETR /alpha/kept-port.txt"));
        }
    }
}

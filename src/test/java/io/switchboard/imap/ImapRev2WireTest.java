package io.switchboard.imap;

import io.switchboard.support.TestServer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The exact IMAP4rev2 lines on a raw socket: ENABLED, SELECT without RECENT but with LIST, ESEARCH
 * with the tag (also when nothing matched), APPEND of a literal8 with a NUL and its BINARY answer
 * as literal8, a UTF-8 folder name as a quoted string, LIST-STATUS order (LIST, then its STATUS).
 */
class ImapRev2WireTest {
    private static final class Wire implements AutoCloseable {
        final Socket socket;
        final InputStream in;
        final OutputStream out;

        Wire(int port) throws Exception {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(30_000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
            line();
        }

        String line() throws Exception {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) >= 0) {
                b.write(c);
                if (c == '\n') break;
            }
            return b.toString(StandardCharsets.UTF_8).replaceAll("\r\n$", "");
        }

        byte[] bytes(int n) throws Exception {
            return in.readNBytes(n);
        }

        void send(byte[] b) throws Exception {
            out.write(b);
            out.flush();
        }

        /** Sends a command and returns every line up to and including the tagged one. */
        List<String> cmd(String tag, String text) throws Exception {
            send((tag + " " + text + "\r\n").getBytes(StandardCharsets.UTF_8));
            return until(tag);
        }

        List<String> until(String tag) throws Exception {
            List<String> lines = new ArrayList<>();
            String l;
            do {
                l = line();
                lines.add(l);
            } while (!l.startsWith(tag + " ") && !l.isEmpty());
            return lines;
        }

        @Override
        public void close() throws Exception {
            socket.close();
        }
    }

    @Test
    void rev2LinesAreExact() throws Exception {
        try (TestServer ts = new TestServer(TestServer.Db.H2, ImapTestSupport.PLAIN_IMAP)) {
            ImapTestSupport.createMailAccount(ts, "wire@two.test", "wire-password");
            int port = ImapTestSupport.awaitPlainPort(ts);
            try (Wire w = new Wire(port)) {
                assertTrue(w.cmd("a1", "LOGIN wire@two.test wire-password").get(0).startsWith("a1 OK"));
                assertEquals(List.of("* ENABLED IMAP4rev2", "a2 OK ENABLE completed"), w.cmd("a2", "ENABLE IMAP4rev2"));
                List<String> sel = w.cmd("a3", "SELECT INBOX");
                assertEquals("* 0 EXISTS", sel.get(1));
                assertEquals("* LIST (\\HasNoChildren) \"/\" \"INBOX\"", sel.get(2));
                assertTrue(sel.stream().noneMatch(l -> l.contains("RECENT") || l.contains("UNSEEN")), sel.toString());
                assertEquals(List.of("* ESEARCH (TAG \"a4\")", "a4 OK SEARCH completed"), w.cmd("a4", "SEARCH ALL"));
                // APPEND with a non-synchronising literal8 (RFC 3516 §4.4, RFC 7888)
                byte[] msg = "Subject: nul\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: binary\r\n\r\nab\0cd\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1);
                ByteArrayOutputStream append = new ByteArrayOutputStream();
                append.write(("a5 APPEND INBOX ~{" + msg.length + "+}\r\n").getBytes(StandardCharsets.US_ASCII));
                append.write(msg);
                append.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                w.send(append.toByteArray());
                List<String> app = w.until("a5");
                assertTrue(app.get(app.size() - 1).startsWith("a5 OK [APPENDUID "), app.toString());
                w.send("a6 FETCH 1 (BINARY.PEEK[1] BINARY.SIZE[1])\r\n".getBytes(StandardCharsets.US_ASCII));
                List<String> skipped = new ArrayList<>();
                String first = w.line();
                while (!first.startsWith("* 1 FETCH")) {
                    skipped.add(first); // the EXISTS for the appended message
                    first = w.line();
                }
                assertEquals("* 1 FETCH (BINARY[1] ~{7}", first, skipped.toString());
                assertEquals("ab\0cd\r\n", new String(w.bytes(7), StandardCharsets.ISO_8859_1));
                assertEquals(" BINARY.SIZE[1] 7)", w.line());
                assertEquals("a6 OK FETCH completed", w.line());
                assertEquals(List.of("* ESEARCH (TAG \"a7\") UID MIN 1 MAX 1 COUNT 1", "a7 OK UID SEARCH completed"),
                        w.cmd("a7", "UID SEARCH RETURN (MIN MAX COUNT) ALL"));
                assertEquals("a8 OK CREATE completed", w.cmd("a8", "CREATE \"Caf\u00e9\"").get(0));
                assertEquals(List.of("* LIST (\\HasNoChildren) \"/\" \"Caf\u00e9\"", "* STATUS \"Caf\u00e9\" (MESSAGES 0 UIDNEXT 1)",
                        "a9 OK LIST completed"), w.cmd("a9", "LIST \"\" \"Caf*\" RETURN (STATUS (MESSAGES UIDNEXT))"));
                assertEquals("b1 BAD RECENT is not an IMAP4rev2 STATUS item", w.cmd("b1", "STATUS INBOX (RECENT)").get(0));
            }
        }
    }
}

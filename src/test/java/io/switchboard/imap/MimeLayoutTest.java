package io.switchboard.imap;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The offsets the streamed section FETCH relies on, for shapes a real message can take. */
class MimeLayoutTest {
    private static MimeLayout scan(String s) throws Exception {
        return MimeLayout.scan(new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1)));
    }

    private static String body(String raw, MimeLayout.Part p) {
        return raw.substring((int) p.bodyStart, (int) p.end);
    }

    private static String mime(String raw, MimeLayout.Part p) {
        return raw.substring((int) p.headerStart, (int) p.bodyStart);
    }

    @Test
    void nestedMultipartAndEmbeddedMessage() throws Exception {
        String raw = "Subject: x\r\nContent-Type: multipart/mixed; boundary=\"out\"\r\n\r\npreamble\r\n"
                + "--out\r\nContent-Type: multipart/alternative; boundary=in\r\n\r\n"
                + "--in\r\nContent-Type: text/plain\r\n\r\nplain\r\n--in\r\nContent-Type: text/html\r\n\r\n<b>html</b>\r\n--in--\r\n"
                + "--out\r\nContent-Type: message/rfc822\r\n\r\nSubject: inner\r\nContent-Type: multipart/mixed; boundary=deep\r\n\r\n"
                + "--deep\r\n\r\nimplicit text\r\n--deep\r\nContent-Transfer-Encoding: base64\r\n\r\nAAEC\r\n--deep--\r\n"
                + "--out\r\n\r\nno header at all\r\n--out--\r\nepilogue\r\n";
        MimeLayout l = scan(raw);
        assertEquals(3, l.root.children.size());
        assertEquals("plain", body(raw, l.entity(new int[]{1, 1})));
        assertEquals("<b>html</b>", body(raw, l.entity(new int[]{1, 2})));
        assertEquals("Content-Type: text/html\r\n\r\n", mime(raw, l.entity(new int[]{1, 2})));
        MimeLayout.Part msg = l.entity(new int[]{2});
        assertEquals("Subject: inner\r\nContent-Type: multipart/mixed; boundary=deep\r\n\r\n", mime(raw, msg.embedded));
        assertEquals("implicit text", body(raw, l.entity(new int[]{2, 1})));
        assertEquals("AAEC", body(raw, l.entity(new int[]{2, 2})));
        assertEquals("base64", l.entity(new int[]{2, 2}).cte);
        assertEquals("no header at all", body(raw, l.entity(new int[]{3})));
        assertEquals(raw.substring(raw.indexOf("\r\n\r\n") + 4), body(raw, l.root));
        assertThrows(ImapException.class, () -> l.entity(new int[]{4}));
        assertThrows(ImapException.class, () -> l.entity(new int[]{1, 1, 2}));
    }

    @Test
    void bareLineFeedsMissingCloseDelimiterAndSinglePart() throws Exception {
        String raw = "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\none\n--b\n\ntwo cut off";
        MimeLayout l = scan(raw);
        assertEquals("one", body(raw, l.entity(new int[]{1})));
        assertEquals("two cut off", body(raw, l.entity(new int[]{2})));
        String single = "Subject: s\r\n\r\nonly text\r\n";
        MimeLayout s = scan(single);
        assertEquals("only text\r\n", body(single, s.entity(new int[]{1})));
        String noBody = "Subject: s\r\n";
        assertEquals("", body(noBody, scan(noBody).root));
    }
}

package io.switchboard.imap;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ENVELOPE, BODYSTRUCTURE and BODY of large messages come from a streamed parse that keeps no body
 * ({@link StreamedStructure}); small ones from the in-memory mime4j parse. Both must give the same
 * answer to the octet, for every message: here for a set of messages that exercise the corners.
 */
class StreamedStructureTest {

    private static Map<String, byte[]> trickyMessages() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        String b64 = Base64.getMimeEncoder().encodeToString(random(3000, 1));
        m.put("nested multiparts", crlf("""
                From: Ann <ann@example.com>
                To: bob@example.com, "Carl, C." <carl@example.com>
                Subject: nested
                Date: Mon, 23 Nov 2026 01:00:00 +0000
                Message-ID: <n1@example.com>
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary="outer"

                preamble here
                --outer
                Content-Type: multipart/alternative; boundary=alt

                --alt
                Content-Type: text/plain; charset=utf-8
                Content-Transfer-Encoding: quoted-printable

                Hello =C3=A9
                two lines
                --alt
                Content-Type: multipart/related; boundary="rel"; type="text/html"

                --rel
                Content-Type: text/html
                Content-ID: <h@x>
                Content-Description: the page

                <p>hi</p>
                --rel
                Content-Type: image/png; name="a.png"
                Content-Transfer-Encoding: base64
                Content-Disposition: inline; filename="a.png"

                """ + b64 + """

                --rel--
                --alt--

                --outer
                Content-Type: application/pdf
                Content-Disposition: attachment; filename="x.pdf"; size=12
                Content-Language: en

                PDFDATA
                --outer--
                the epilogue
                """));
        m.put("message/rfc822 with base64 inside, preamble and epilogue", crlf("""
                From: a@example.com
                Subject: forward
                Content-Type: multipart/mixed; boundary=fw

                --fw
                Content-Type: text/plain

                see attached
                --fw
                Content-Type: message/rfc822
                Content-Disposition: attachment

                From: "Inner Person" <inner@example.org>
                To: undisclosed-recipients:;
                Subject: =?utf-8?B?SW5uZXIgc8O8YmplY3Q=?=
                Content-Type: multipart/mixed; boundary="in"

                inner preamble
                --in
                Content-Type: text/plain; charset=us-ascii

                inner text
                --in
                Content-Type: application/octet-stream
                Content-Transfer-Encoding: base64

                """ + b64 + """

                --in--
                inner epilogue
                --fw--
                """));
        m.put("message/rfc822 inside message/rfc822", crlf("""
                Subject: deep
                Content-Type: message/rfc822

                Subject: middle
                Content-Type: message/rfc822

                Subject: innermost
                Content-Type: text/plain; format=flowed

                deep text
                """));
        m.put("boundary never closed", crlf("""
                Subject: cut
                Content-Type: multipart/mixed; boundary=cut

                --cut
                Content-Type: text/plain

                first
                --cut
                Content-Type: text/html

                <b>never closed
                """));
        m.put("boundary never appears", crlf("""
                Subject: none
                Content-Type: multipart/mixed; boundary=absent

                just text, no delimiter
                second line
                """));
        m.put("bare LF everywhere", ("""
                From: lf@example.com
                Subject: bare
                 folded subject
                Content-Type: multipart/mixed; boundary=lf

                --lf
                Content-Type: text/plain

                one
                two
                --lf
                Content-Type: message/rfc822

                Subject: inner lf
                Content-Type: text/plain

                inner
                --lf--
                """).getBytes(StandardCharsets.ISO_8859_1));
        m.put("encoded words and groups", crlf("""
                From: =?iso-8859-1?Q?Andr=E9?= <andre@example.com>
                Sender: sender@example.com
                Reply-To: team: a@example.com, b@example.com;
                To: =?utf-8?B?0J/RgNC40LLQtdGC?= <privet@example.ru>
                Cc: "quoted \\\\ and \\" chars" <q@example.com>
                Bcc: bad address without at
                Subject: =?utf-8?Q?caf=C3=A9?= and plain
                In-Reply-To: <prev@example.com>
                Message-ID: <m@example.com>
                Content-Type: text/plain

                body
                """));
        m.put("8-bit headers", concat(crlf("""
                From: x@example.com
                Subject: Gr""").clone(), new byte[]{(byte) 0xfc, (byte) 0xdf, 'e'}, crlf("""

                Content-Type: multipart/mixed; boundary=e8

                --e8
                Content-Type: application/octet-stream; name="""), new byte[]{'"', (byte) 0xc3, (byte) 0xa9, '.', 'b', 'i', 'n', '"'},
                crlf("""

                Content-Transfer-Encoding: 8bit

                """), new byte[]{(byte) 0xff, 0, (byte) 0x80, '\r', '\n'}, crlf("""
                --e8--
                """)));
        m.put("digest with default message/rfc822 parts", crlf("""
                Subject: digest
                Content-Type: multipart/digest; boundary=dg

                --dg

                Subject: first in digest

                text 1
                --dg
                Content-Type: text/plain

                not a message
                --dg--
                """));
        m.put("header only, no blank line", "Subject: nothing else\r\nFrom: a@b.c\r\n".getBytes(StandardCharsets.ISO_8859_1));
        m.put("no header at all", "\r\njust a body\r\n".getBytes(StandardCharsets.ISO_8859_1));
        m.put("malformed content types", crlf("""
                Subject: odd
                Content-Type: text
                Content-Transfer-Encoding: BASE64 (comment)

                aGVsbG8=
                """));
        String big = Base64.getMimeEncoder().encodeToString(random(3 * 1024 * 1024, 2));
        m.put("large attachment", crlf("""
                Subject: large
                Content-Type: multipart/mixed; boundary=big

                --big
                Content-Type: text/plain

                see the attachment
                --big
                Content-Type: application/octet-stream; name=big.bin
                Content-Transfer-Encoding: base64
                Content-Disposition: attachment; filename=big.bin

                """ + big + """

                --big--
                """));
        return m;
    }

    @Test
    void streamedStructuresEqualTheInMemoryParseToTheOctet() throws Exception {
        for (var e : trickyMessages().entrySet()) {
            byte[] raw = e.getValue();
            StructureCache.Structures memory = MessageView.inMemoryStructures(raw);
            StructureCache.Structures streamed = MessageView.streamedStructures(StreamedStructure.parse(new ByteArrayInputStream(raw)));
            assertEquals(memory.envelope(), streamed.envelope(), e.getKey() + ": ENVELOPE");
            assertEquals(memory.bodyStructure(), streamed.bodyStructure(), e.getKey() + ": BODYSTRUCTURE");
            assertEquals(memory.body(), streamed.body(), e.getKey() + ": BODY");
            assertEquals(memory.envelope(), MessageView.envelopeFromHeader(new ByteArrayInputStream(raw)), e.getKey() + ": ENVELOPE from the header alone");
        }
    }

    @Test
    void anEmbeddedMessageIsSizedAsStoredNotEncodedAgain() throws Exception {
        byte[] raw = trickyMessages().get("message/rfc822 with base64 inside, preamble and epilogue");
        String s = new String(raw, StandardCharsets.ISO_8859_1);
        int start = s.indexOf("From: \"Inner Person\"");
        int end = s.indexOf("\r\n--fw--");
        String inner = s.substring(start, end);
        long lines = inner.chars().filter(c -> c == '\n').count();
        String bs = MessageView.inMemoryStructures(raw).bodyStructure();
        // the encapsulated message is CRLF throughout with a preamble and epilogue: written out again it is the stored octets
        assertTrue(bs.contains(" \"7BIT\" " + inner.length() + " ("), bs);
        assertTrue(bs.endsWith(") " + lines + " NIL (\"ATTACHMENT\" NIL) NIL NIL) \"MIXED\" (\"BOUNDARY\" \"fw\") NIL NIL NIL)"), bs);
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] crlf(String s) {
        return s.replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}

package io.switchboard.mail;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The body text the mail table records, for single text parts (no MIME parse) and MIME messages. */
class ParsedMessageTest {
    private static ParsedMessage.Content content(String m) {
        return ParsedMessage.parse(m.getBytes(StandardCharsets.UTF_8)).content();
    }

    @Test
    void aSingleTextPartIsDecodedInItsCharset() {
        ParsedMessage.Content c = content("From: a@x\r\nContent-Type: text/plain; charset=\"UTF-8\"\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n\r\nGrüße\r\nzweite Zeile\r\n");
        assertEquals("Grüße\r\nzweite Zeile\r\n", c.text());
        assertFalse(c.hasAttachment());
        assertFalse(c.htmlOnly());
        assertEquals("no type at all\r\n", content("From: a@x\r\nSubject: s\r\n\r\nno type at all\r\n").text());
    }

    @Test
    void htmlOnlyIsNoticed() {
        ParsedMessage.Content c = content("From: a@x\r\nContent-Type: text/html\r\n\r\n<p>hi</p>\r\n");
        assertTrue(c.htmlOnly());
        assertEquals("<p>hi</p>\r\n", c.text());
    }

    @Test
    void encodedPartsAndAttachmentsGoThroughTheMimeParser() {
        assertEquals("caf\u00e9 ok", content("From: a@x\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Transfer-Encoding: quoted-printable\r\n\r\ncaf=C3=A9 ok").text());
        ParsedMessage.Content att = content("From: a@x\r\nContent-Type: text/plain; name=\"notes.txt\"\r\n"
                + "Content-Disposition: attachment; filename=\"notes.txt\"\r\n\r\nattached\r\n");
        assertTrue(att.hasAttachment());
    }

    @Test
    void longBodiesAreCutToTheColumnLimit() {
        String body = "x".repeat(ParsedMessage.MAX_BODY_TEXT * 2);
        assertEquals(ParsedMessage.MAX_BODY_TEXT, content("From: a@x\r\n\r\n" + body).text().length());
    }
}

package io.switchboard.imap;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The framing state machine and the argument parser on their own. */
class ImapDecoderTest {
    private static ByteBuf b(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
    }

    private static String out(EmbeddedChannel ch) {
        ByteBuf o = ch.readOutbound();
        if (o == null) return null;
        try {
            return o.toString(StandardCharsets.US_ASCII);
        } finally {
            o.release();
        }
    }

    @Test
    void synchronisingLiteralGetsAContinuationAndIsKeptWholeAcrossChunks() throws Exception {
        EmbeddedChannel ch = new EmbeddedChannel(new ImapDecoder(() -> 100));
        ch.writeInbound(b("a1 LOGIN {5}\r\n"));
        assertNull(ch.readInbound());
        assertEquals("+ Ready for literal data\r\n", out(ch));
        ch.writeInbound(b("al"));
        ch.writeInbound(b("ice \"pa\\\"ss\"\r\n"));
        ImapDecoder.Frame f = ch.readInbound();
        ImapArgs a = ImapArgs.parse(f.bytes());
        assertEquals("a1", a.tag);
        assertEquals("LOGIN", a.verb);
        assertEquals("alice", a.string(0));
        assertEquals("pa\"ss", a.string(1));
    }

    @Test
    void nonSynchronisingLiteralGetsNoContinuation() throws Exception {
        EmbeddedChannel ch = new EmbeddedChannel(new ImapDecoder(() -> 100));
        ch.writeInbound(b("a1 APPEND INBOX {3+}\r\nabc\r\n"));
        assertNull(out(ch));
        ImapArgs a = ImapArgs.parse(((ImapDecoder.Frame) ch.readInbound()).bytes());
        assertEquals("abc", a.string(1));
    }

    @Test
    void literalOverTheLimitIsRefusedWithItsTagAndTheStreamStaysUsable() {
        EmbeddedChannel ch = new EmbeddedChannel(new ImapDecoder(() -> 100));
        ch.writeInbound(b("x9 APPEND INBOX {101}\r\nx10 NOOP\r\n"));
        ImapDecoder.Frame refused = ch.readInbound();
        assertEquals("x9", refused.tooBigTag());
        assertTrue(!refused.fatal());
        assertNull(out(ch));
        ImapDecoder.Frame next = ch.readInbound();
        assertEquals("x10 NOOP\r\n", next.text());
    }

    @Test
    void refusedNonSynchronisingLiteralIsFatal() {
        EmbeddedChannel ch = new EmbeddedChannel(new ImapDecoder(() -> 100));
        ch.writeInbound(b("x9 APPEND INBOX {104857600+}\r\n"));
        ImapDecoder.Frame refused = ch.readInbound();
        assertTrue(refused.fatal());
    }

    @Test
    void overlongLineIsRefusedAndDiscardedUpToItsEnd() {
        EmbeddedChannel ch = new EmbeddedChannel(new ImapDecoder(() -> 100));
        ch.writeInbound(b("t1 NOOP " + "x".repeat(ImapDecoder.MAX_LINE + 10) + "\r\nt2 NOOP\r\n"));
        ImapDecoder.Frame refused = ch.readInbound();
        assertEquals("t1", refused.tooBigTag());
        assertEquals("t2 NOOP\r\n", ((ImapDecoder.Frame) ch.readInbound()).text());
    }

    @Test
    void parserRejectsUnbalancedParenthesesAndKeepsSectionsWhole() throws Exception {
        assertEquals(ImapReplies.BAD_PARENS, assertBad("a FETCH 1 (FLAGS\r\n"));
        assertEquals(ImapReplies.BAD_PARENS, assertBad("a FETCH 1 FLAGS)\r\n"));
        ImapArgs a = ImapArgs.parse("a FETCH 1 (UID BODY.PEEK[HEADER.FIELDS (FROM TO)]<0.10>)\r\n".getBytes(StandardCharsets.US_ASCII));
        ImapArgs.Lst l = a.list(1);
        assertEquals(2, l.items().size());
        assertEquals("BODY.PEEK[HEADER.FIELDS (FROM TO)]<0.10>", ImapArgs.text(l.items().get(1)));
        FetchItem f = FetchItem.parse("BODY.PEEK[HEADER.FIELDS (FROM TO)]<0.10>");
        assertEquals("BODY[HEADER.FIELDS (FROM TO)]<0>", f.label());
        assertTrue(f.peek());
    }

    private static String assertBad(String line) {
        try {
            ImapArgs.parse(line.getBytes(StandardCharsets.US_ASCII));
        } catch (ImapException e) {
            assertTrue(e.isBad());
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + line);
    }
}

package io.switchboard.smtp;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SMTP decoder on an EmbeddedChannel, with every input also split at every byte. */
class SmtpDecoderTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Decodes the input written in two pieces split at {@code split}; {@code data} starts in DATA mode. */
    private static List<Object> decode(byte[] in, int split, boolean data, long max) {
        SmtpDecoder d = new SmtpDecoder(max);
        EmbeddedChannel ch = new EmbeddedChannel(d);
        if (data) d.startData();
        ch.writeInbound(Unpooled.wrappedBuffer(in, 0, split));
        ch.writeInbound(Unpooled.wrappedBuffer(in, split, in.length - split));
        List<Object> out = new ArrayList<>();
        Object o;
        while ((o = ch.readInbound()) != null) out.add(o);
        ch.finishAndReleaseAll();
        return out;
    }

    private static void everySplit(byte[] in, boolean data, long max, java.util.function.Consumer<List<Object>> check) {
        for (int i = 0; i <= in.length; i++) check.accept(decode(in, i, data, max));
    }

    @Test
    void commandLinesDecodeTheSameWhereverTheInputIsSplit() {
        everySplit(b("EHLO client.test\r\nMAIL FROM:<a@b.test>\nNOOP\r\n"), false, 1000, out -> {
            assertEquals(List.of(new SmtpInput.CommandLine("EHLO client.test"), new SmtpInput.CommandLine("MAIL FROM:<a@b.test>"),
                    new SmtpInput.CommandLine("NOOP")), out);
        });
    }

    @Test
    void dataRemovesDotStuffingAndEndsOnlyAtCrLfDotCrLf() {
        byte[] in = b("Subject: x\r\n\r\n..leading dot\r\n.\r\nNOOP\r\n");
        everySplit(in, true, 1000, out -> {
            assertEquals(2, out.size(), out.toString());
            SmtpInput.Message m = assertInstanceOf(SmtpInput.Message.class, out.get(0));
            assertArrayEquals(b("Subject: x\r\n\r\n.leading dot\r\n"), m.content());
            assertFalse(m.bareLineEnd() || m.nul() || m.tooBig() || m.lineTooLong());
            assertEquals(new SmtpInput.CommandLine("NOOP"), out.get(1));
        });
    }

    @Test
    void bareLineFeedDotDoesNotEndTheMessageAndMarksIt() {
        byte[] in = b("a\n.\nMAIL FROM:<x@y.test>\r\n.\r\n");
        everySplit(in, true, 1000, out -> {
            assertEquals(1, out.size(), out.toString());
            SmtpInput.Message m = (SmtpInput.Message) out.get(0);
            assertTrue(m.bareLineEnd());
        });
    }

    @Test
    void bareCarriageReturnAndNulAreMarked() {
        SmtpInput.Message cr = (SmtpInput.Message) decode(b("a\rb\r\n.\r\n"), 0, true, 1000).get(0);
        assertTrue(cr.bareLineEnd());
        SmtpInput.Message nul = (SmtpInput.Message) decode(b("a\0b\r\n.\r\n"), 0, true, 1000).get(0);
        assertTrue(nul.nul());
    }

    @Test
    void messageOverTheLimitIsConsumedAndMarkedTooBig() {
        byte[] in = b("x".repeat(50) + "\r\n" + "y".repeat(50) + "\r\n.\r\nQUIT\r\n");
        everySplit(in, true, 60, out -> {
            SmtpInput.Message m = (SmtpInput.Message) out.get(0);
            assertTrue(m.tooBig());
            assertEquals(0, m.content().length);
            assertEquals(new SmtpInput.CommandLine("QUIT"), out.get(1));
        });
    }

    @Test
    void dataLineLongerThan1000OctetsIsMarked() {
        byte[] longLine = b("z".repeat(5000) + "\r\n.\r\n");
        everySplit(longLine, true, 1 << 20, out -> {
            SmtpInput.Message m = (SmtpInput.Message) out.get(0);
            assertTrue(m.lineTooLong());
            assertFalse(m.bareLineEnd(), "a long line with CRLF is not a bare line end");
        });
        SmtpInput.Message ok = (SmtpInput.Message) decode(b("z".repeat(998) + "\r\n.\r\n"), 7, true, 1 << 20).get(0);
        assertFalse(ok.lineTooLong());
    }

    @Test
    void overlongCommandLineIsDiscardedAndTheNextLineStillDecodes() {
        byte[] in = b("A".repeat(SmtpDecoder.COMMAND_LINE_LIMIT + 100) + "\r\nNOOP\r\n");
        for (int split : new int[]{0, 1, 5000, SmtpDecoder.COMMAND_LINE_LIMIT + 1, SmtpDecoder.COMMAND_LINE_LIMIT + 50, in.length - 3}) {
            List<Object> out = decode(in, split, false, 1000);
            assertEquals(List.of(new SmtpInput.LineTooLong(), new SmtpInput.CommandLine("NOOP")), out, "split " + split);
        }
    }

    @Test
    void bdatChunkIsReadByCountWhereverSplit() {
        byte[] in = b("BDAT 7 LAST\r\nab\r\n.\r\nNOOP\r\n");
        everySplit(in, false, 1000, out -> {
            assertEquals(2, out.size(), out.toString());
            SmtpInput.Message m = (SmtpInput.Message) out.get(0);
            assertTrue(m.chunk() && m.last());
            assertArrayEquals(b("ab\r\n.\r\n"), m.content());
            assertEquals(new SmtpInput.CommandLine("NOOP"), out.get(1));
        });
    }

    @Test
    void malformedBdatIsReportedAsABadChunk() {
        SmtpInput.Message m = (SmtpInput.Message) decode(b("BDAT lots\r\n"), 0, false, 1000).get(0);
        assertEquals("BDAT lots", m.badChunk());
    }
}

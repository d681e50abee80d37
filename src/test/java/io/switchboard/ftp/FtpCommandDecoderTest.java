package io.switchboard.ftp;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The control-line decoder, fed whole and split at every byte. */
class FtpCommandDecoderTest {
    private static List<FtpCommand> decode(byte[] input, int split) {
        EmbeddedChannel ch = new EmbeddedChannel(new FtpCommandDecoder(64));
        if (split <= 0) {
            ch.writeInbound(Unpooled.wrappedBuffer(input));
        } else {
            ch.writeInbound(Unpooled.wrappedBuffer(input, 0, split));
            ch.writeInbound(Unpooled.wrappedBuffer(input, split, input.length - split));
        }
        List<FtpCommand> out = new ArrayList<>();
        for (Object o; (o = ch.readInbound()) != null; ) out.add((FtpCommand) o);
        ch.finishAndReleaseAll();
        return out;
    }

    @Test
    void decodesTheSameCommandsWhereverTheInputIsSplit() {
        byte[] in = "user Bob\r\nPASS  two  spaces \r\nNOOP\nCWD /grüße\r\n\r\nABOR\r".getBytes(StandardCharsets.UTF_8);
        List<FtpCommand> expected = List.of(new FtpCommand("USER", "Bob"), new FtpCommand("PASS", " two  spaces "),
                new FtpCommand("NOOP", ""), new FtpCommand("CWD", "/grüße"), new FtpCommand("ABOR", ""));
        for (int split = 0; split < in.length; split++) assertEquals(expected, decode(in, split), "split at " + split);
    }

    @Test
    void dropsTelnetInterruptAndSynchBeforeAbor() {
        byte[] in = {(byte) 0xFF, (byte) 0xF4, (byte) 0xFF, (byte) 0xF2, 'A', 'B', 'O', 'R', '\r', '\n'};
        for (int split = 0; split < in.length; split++) assertEquals(List.of(new FtpCommand("ABOR", "")), decode(in, split));
    }

    @Test
    void tooLongLineBecomesOneErrorAndTheNextLineStillWorks() {
        byte[] in = ("STOR " + "x".repeat(200) + "\r\nNOOP\r\n").getBytes(StandardCharsets.US_ASCII);
        for (int split = 0; split < in.length; split++) {
            List<FtpCommand> out = decode(in, split);
            assertEquals(2, out.size(), "split at " + split);
            assertTrue(out.get(0).tooLong());
            assertEquals(new FtpCommand("NOOP", ""), out.get(1));
        }
    }

    @Test
    void passwordIsNeverInTheLoggedForm() {
        assertEquals("PASS ***", FtpCommand.parse("PASS secret").toString());
    }
}

package io.switchboard.ftp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Control-connection bytes to {@link FtpCommand}s. Lines end with CRLF, a bare LF, or a bare CR
 * (clients that send ABOR as TCP urgent data lose its last byte). Telnet commands (RFC 854: IAC
 * IP, IAC DM, option negotiation) are dropped and IAC IAC stands for 0xFF (RFC 959 section 4.1.3
 * "Synch" before ABOR). Lines are UTF-8 (RFC 2640). A line over {@code maxLine} bytes is discarded
 * up to its end and handed on as {@link FtpCommand#tooLongLine()}, so the session answers 500.
 */
public final class FtpCommandDecoder extends ByteToMessageDecoder {
    /** Default longest command line: far above any path a client sends, far below a memory problem. */
    public static final int DEFAULT_MAX_LINE = 2048;

    private static final int IAC = 0xFF, WILL = 0xFB, WONT = 0xFC, DO = 0xFD, DONT = 0xFE;

    private enum State { TEXT, AFTER_CR, IAC, IAC_OPTION, DISCARD }

    private final int maxLine;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(64);
    private State state = State.TEXT;

    public FtpCommandDecoder(int maxLine) {
        this.maxLine = maxLine;
    }

    /** True when bytes of an unfinished line are buffered (pipelined after AUTH TLS: refused). */
    boolean hasPendingBytes() {
        return line.size() > 0 || actualReadableBytes() > 0;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            int b = in.readByte() & 0xFF;
            switch (state) {
                case AFTER_CR -> {
                    state = State.TEXT;
                    if (b == '\n' || b == 0) continue;   // CRLF, or CR NUL (RFC 2640 section 3.1 for CR in a name)
                    in.readerIndex(in.readerIndex() - 1);
                }
                case IAC -> {
                    state = b == WILL || b == WONT || b == DO || b == DONT ? State.IAC_OPTION : State.TEXT;
                    if (b == IAC) append(0xFF);
                }
                case IAC_OPTION -> state = State.TEXT;
                case DISCARD -> {
                    if (b == '\n' || b == '\r') {
                        state = b == '\r' ? State.AFTER_CR : State.TEXT;
                        line.reset();
                        out.add(FtpCommand.tooLongLine());
                    }
                }
                case TEXT -> {
                    if (b == '\r' || b == '\n') {
                        String text = line.toString(StandardCharsets.UTF_8);
                        line.reset();
                        state = b == '\r' ? State.AFTER_CR : State.TEXT;
                        if (!text.isBlank()) out.add(FtpCommand.parse(text));
                    } else if (b == IAC) {
                        state = State.IAC;
                    } else {
                        append(b);
                    }
                }
            }
        }
    }

    private void append(int b) {
        if (line.size() >= maxLine) {
            line.reset();
            state = State.DISCARD;
            return;
        }
        line.write(b);
    }
}

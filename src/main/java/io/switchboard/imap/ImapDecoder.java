package io.switchboard.imap;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Frames client input into whole commands (RFC 3501 §2.2, §4.3; RFC 7888 LITERAL+). An explicit
 * state machine: {@link State#LINE} collects bytes up to CRLF; a line ending in {@code {n}} or
 * {@code {n+}} switches to {@link State#LITERAL} for exactly n bytes (after a {@code + } continuation
 * for the synchronising form), then back to LINE. The command, literals inline, is emitted as one
 * byte array once a line ends without a literal announcement. Every read is bounded: lines by
 * {@link #MAX_LINE}, literals by {@code imap.max_literal}, a whole command by twice that.
 */
final class ImapDecoder extends ByteToMessageDecoder {
    enum State { LINE, LITERAL, DISCARD_LINE }

    /** A command frame, or a refusal the handler must answer. */
    record Frame(byte[] bytes, String tooBigTag, boolean fatal, boolean lineTooLong) {
        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** Longest line between literals (RFC 7162 §4 recommends accepting at least 8192 octets). */
    static final int MAX_LINE = 65_536;

    private final LongSupplier maxLiteral;
    private final ByteArrayOutputStream command = new ByteArrayOutputStream();
    private State state = State.LINE;
    private long literalLeft;
    private int lineStart;

    ImapDecoder(LongSupplier maxLiteral) {
        this.maxLiteral = maxLiteral;
    }

    State state() {
        return state;
    }

    /** Whether part of a command (a line without its end, or a literal) has arrived and the rest has not. */
    boolean midCommand() {
        return state != State.LINE || command.size() > 0;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            switch (state) {
                case LITERAL -> {
                    int n = (int) Math.min(literalLeft, in.readableBytes());
                    byte[] chunk = new byte[n];
                    in.readBytes(chunk);
                    command.write(chunk, 0, n);
                    literalLeft -= n;
                    if (literalLeft == 0) {
                        state = State.LINE;
                        lineStart = command.size();
                    }
                }
                case DISCARD_LINE -> {
                    int lf = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
                    if (lf < 0) {
                        in.skipBytes(in.readableBytes());
                        return;
                    }
                    in.readerIndex(lf + 1);
                    state = State.LINE;
                    command.reset();
                    lineStart = 0;
                }
                case LINE -> {
                    int lf = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
                    int avail = lf < 0 ? in.readableBytes() : lf - in.readerIndex() + 1;
                    if (command.size() - lineStart + avail > MAX_LINE) {
                        byte[] head = new byte[Math.min(64, in.readableBytes())];
                        in.getBytes(in.readerIndex(), head);
                        String tag = command.size() > 0 ? tagOf(command.toByteArray()) : tagOf(head);
                        out.add(new Frame(new byte[0], tag, false, true));
                        state = State.DISCARD_LINE;
                        command.reset();
                        continue;
                    }
                    byte[] chunk = new byte[avail];
                    in.readBytes(chunk);
                    command.write(chunk, 0, avail);
                    if (lf < 0) return;
                    lineEnded(ctx, out);
                }
                default -> throw new IllegalStateException();
            }
        }
    }

    private void lineEnded(ChannelHandlerContext ctx, List<Object> out) {
        byte[] all = command.toByteArray();
        int end = all.length - 1; // at LF
        if (end > 0 && all[end - 1] == '\r') end--;
        // literal announcement: "{" digits ["+"] "}" right before CRLF
        int close = end - 1;
        if (close > lineStart && all[close] == '}') {
            int i = close - 1;
            boolean nonSync = all[i] == '+';
            if (nonSync) i--;
            int digitsEnd = i;
            while (i >= lineStart && all[i] >= '0' && all[i] <= '9') i--;
            if (i >= lineStart && all[i] == '{' && digitsEnd > i && digitsEnd - i <= 18) {
                long n = Long.parseLong(new String(all, i + 1, digitsEnd - i, StandardCharsets.US_ASCII));
                if (n > maxLiteral.getAsLong() || all.length + n > 2 * maxLiteral.getAsLong() + MAX_LINE) {
                    // RFC 7888 §4: a refused non-synchronising literal leaves the stream unusable
                    out.add(new Frame(all, tagOf(all), nonSync, false));
                    command.reset();
                    lineStart = 0;
                    return;
                }
                if (n == 0) {
                    lineStart = command.size();
                    if (!nonSync) ctx.writeAndFlush(ctx.alloc().buffer().writeBytes(ImapReplies.CONTINUE_LITERAL));
                    return;
                }
                literalLeft = n;
                state = State.LITERAL;
                if (!nonSync) ctx.writeAndFlush(ctx.alloc().buffer().writeBytes(ImapReplies.CONTINUE_LITERAL));
                return;
            }
        }
        out.add(new Frame(all, null, false, false));
        command.reset();
        lineStart = 0;
    }

    private static String tagOf(byte[] line) {
        int i = 0;
        while (i < line.length && i < 64 && line[i] > ' ' && line[i] < 127) i++;
        return i == 0 ? "*" : new String(line, 0, i, StandardCharsets.US_ASCII);
    }
}

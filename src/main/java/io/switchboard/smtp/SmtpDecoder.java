package io.switchboard.smtp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SMTP input as an explicit state machine: command lines, the DATA message (dot-stuffing removed,
 * RFC 5321 §4.5.2) and BDAT chunks (RFC 3030). Every read is bounded: command lines by
 * {@link #COMMAND_LINE_LIMIT}, message lines by {@link #DATA_LINE_LIMIT}, messages by the server's
 * max_size. The end of DATA is only CRLF "." CRLF; a bare LF or CR anywhere marks the message for
 * rejection rather than being normalised, so no end-of-data can be smuggled past us.
 */
public final class SmtpDecoder extends ByteToMessageDecoder {
    /** RFC 4954 §4 lets an AUTH line carry 12288 octets; other commands are far shorter. */
    public static final int COMMAND_LINE_LIMIT = 12288;
    /** RFC 5321 §4.5.3.1.6: 998 octets plus CRLF. */
    public static final int DATA_LINE_LIMIT = 1000;
    private static final Pattern BDAT = Pattern.compile("(?i)BDAT +(\\d{1,12})( +LAST)? *");

    private enum State { COMMAND, DISCARD_COMMAND, DATA, BDAT }

    private final long maxMessage;
    private State state = State.COMMAND;

    // DATA state
    private final byte[] line = new byte[DATA_LINE_LIMIT + 1];
    private int lineLen;
    private byte lastByte;
    private ByteArrayOutputStream message;
    private boolean tooBig;
    private boolean bareLineEnd;
    private boolean nul;
    private boolean lineTooLong;

    // BDAT state
    private long chunkRemaining;
    private boolean chunkLast;

    public SmtpDecoder(long maxMessage) {
        this.maxMessage = maxMessage;
    }

    /** Called by the handler after it answered 354: what follows is the message. */
    public void startData() {
        state = State.DATA;
        message = new ByteArrayOutputStream(8192);
        lineLen = 0;
        tooBig = false;
        bareLineEnd = false;
        nul = false;
        lineTooLong = false;
    }

    /** Bytes received but not decoded yet (STARTTLS refuses to start when this is not 0). */
    public int buffered() {
        return actualReadableBytes();
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        switch (state) {
            case COMMAND -> decodeCommand(in, out);
            case DISCARD_COMMAND -> discardCommand(in, out);
            case DATA -> decodeData(in, out);
            case BDAT -> decodeChunk(in, out);
        }
    }

    private void decodeCommand(ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        int searchable = Math.min(in.readableBytes(), COMMAND_LINE_LIMIT + 2);
        int lf = in.indexOf(start, start + searchable, (byte) '\n');
        if (lf < 0) {
            if (in.readableBytes() > COMMAND_LINE_LIMIT + 1) {
                in.skipBytes(searchable); // only what was searched: a following line may already be here
                state = State.DISCARD_COMMAND;
            }
            return;
        }
        int end = lf > start && in.getByte(lf - 1) == '\r' ? lf - 1 : lf;
        String text = in.toString(start, end - start, StandardCharsets.UTF_8);
        in.readerIndex(lf + 1);
        if (text.length() >= 4 && text.regionMatches(true, 0, "BDAT", 0, 4)) {
            Matcher m = BDAT.matcher(text);
            if (!m.matches()) {
                out.add(new SmtpInput.Message(new byte[0], false, false, false, false, true, false, text));
                return;
            }
            chunkRemaining = Long.parseLong(m.group(1));
            chunkLast = m.group(2) != null;
            message = new ByteArrayOutputStream((int) Math.min(chunkRemaining, 1 << 16));
            tooBig = chunkRemaining > maxMessage;
            state = State.BDAT;
            decodeChunk(in, out);
            return;
        }
        out.add(new SmtpInput.CommandLine(text));
    }

    private void discardCommand(ByteBuf in, List<Object> out) {
        int lf = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
        if (lf < 0) {
            in.skipBytes(in.readableBytes());
            return;
        }
        in.readerIndex(lf + 1);
        state = State.COMMAND;
        out.add(new SmtpInput.LineTooLong());
    }

    private void decodeChunk(ByteBuf in, List<Object> out) {
        int n = (int) Math.min(in.readableBytes(), chunkRemaining);
        if (n > 0) {
            if (!tooBig) {
                byte[] b = new byte[n];
                in.readBytes(b);
                message.write(b, 0, n);
            } else {
                in.skipBytes(n);
            }
            chunkRemaining -= n;
        }
        if (chunkRemaining == 0) {
            state = State.COMMAND;
            byte[] content = tooBig ? new byte[0] : message.toByteArray();
            message = null;
            out.add(new SmtpInput.Message(content, tooBig, false, false, false, true, chunkLast, null));
        }
    }

    private void decodeData(ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            int from = in.readerIndex();
            int lf = in.indexOf(from, in.writerIndex(), (byte) '\n');
            int to = lf < 0 ? in.writerIndex() : lf;
            int n = to - from;
            int room = line.length - lineLen;
            if (room > 0) in.getBytes(from, line, lineLen, Math.min(room, n));
            if (n > 0) lastByte = in.getByte(to - 1);
            if (lineLen <= line.length) lineLen += n; // past the buffer it only has to stay too long
            if (lf < 0) {
                in.readerIndex(to);
                return;
            }
            in.readerIndex(lf + 1);
            if (endOfLine(out)) return;
        }
    }

    /** A whole line (without its LF) is in {@code line}; true when it was the end of the message. */
    private boolean endOfLine(List<Object> out) {
        int stored = Math.min(lineLen, line.length);
        boolean crlf = lineLen > 0 && lastByte == '\r';
        int contentLen = crlf ? lineLen - 1 : lineLen;
        if (!crlf) bareLineEnd = true;
        for (int i = 0; i < Math.min(contentLen, stored); i++) {
            byte b = line[i];
            if (b == '\r') bareLineEnd = true; // a CR not followed by LF
            else if (b == 0) nul = true;
        }
        if (crlf && contentLen == 1 && line[0] == '.') {
            lineLen = 0;
            finishData(out);
            return true;
        }
        if (lineLen > DATA_LINE_LIMIT - 1) {
            lineTooLong = true;
        } else {
            int skip = contentLen > 0 && line[0] == '.' ? 1 : 0; // RFC 5321 §4.5.2 transparency
            append(line, skip, contentLen - skip);
            append(CRLF, 0, 2);
        }
        lineLen = 0;
        return false;
    }

    private static final byte[] CRLF = {'\r', '\n'};

    private void append(byte[] b, int off, int len) {
        if (tooBig) return;
        if (message.size() + len > maxMessage) {
            tooBig = true;
            message = new ByteArrayOutputStream(0);
            return;
        }
        message.write(b, off, len);
    }

    private void finishData(List<Object> out) {
        state = State.COMMAND;
        byte[] content = tooBig ? new byte[0] : message.toByteArray();
        message = null;
        out.add(new SmtpInput.Message(content, tooBig, bareLineEnd, nul, lineTooLong, false, true, null));
    }

    static String upper(String s) {
        return s.toUpperCase(Locale.ROOT);
    }
}

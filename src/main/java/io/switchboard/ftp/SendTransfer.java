package io.switchboard.ftp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.MessageToMessageEncoder;
import io.netty.handler.stream.ChunkedNioFile;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.List;

/**
 * Server to client: a listing (bytes built in memory) or a file from an offset (REST). A plain
 * binary file goes as a {@link DefaultFileRegion} (zero-copy where the transport can); under TLS
 * or in ASCII type it is streamed in chunks, ASCII turning LF into CRLF (RFC 959 section 3.1.1.1).
 * Under a bandwidth limit the chunks are paced ({@link ThrottledChunkedInput}); listings are not limited.
 */
final class SendTransfer extends Transfer {
    private final ByteBuf bytes;
    private final FileChannel file;
    private final long offset;
    private final long length;
    private final boolean ascii;
    private volatile boolean written;
    private final DataThrottle throttle;

    private SendTransfer(FtpSession s, ByteBuf bytes, FileChannel file, long offset, long length, boolean ascii) {
        super(s);
        this.bytes = bytes;
        this.file = file;
        this.offset = offset;
        this.length = length;
        this.ascii = ascii;
        this.throttle = s.throttle();
    }

    static SendTransfer listing(FtpSession s, ByteBuf bytes) {
        return new SendTransfer(s, bytes, null, 0, bytes.readableBytes(), false);
    }

    static SendTransfer file(FtpSession s, FileChannel file, long offset, long length, boolean ascii) {
        return new SendTransfer(s, null, file, offset, length, ascii);
    }

    @Override
    void start(DataInbox inbox) {
        Channel ch = inbox.channel();
        channel = ch;
        inbox.attach(new DataInbox.Sink() {
            @Override
            public void data(Channel c, ByteBuf buf) {
                buf.release();   // nothing is expected from the client on a download
            }

            @Override
            public void ended(boolean clean) {
                if (!written) end(FtpReplies.DATA_LOST);
            }
        });
        if (ended()) {
            ch.close();
            return;
        }
        ChannelFuture f;
        if (bytes != null) {
            f = ch.writeAndFlush(bytes.retain());
        } else {
            try {
                if (ascii) {
                    ch.pipeline().addBefore("chunked", "ascii", new AsciiEncoder());
                }
                if (throttle.active()) {
                    // paced chunks (no sendfile: a FileRegion would go out in one piece)
                    f = ch.writeAndFlush(new ThrottledChunkedInput(new ChunkedNioFile(file, offset, length, 64 * 1024), throttle, ch));
                } else if (ascii || ch.pipeline().get("tls") != null) {
                    f = ch.writeAndFlush(new ChunkedNioFile(file, offset, length, 64 * 1024));
                } else {
                    f = ch.writeAndFlush(new DefaultFileRegion(file, offset, length).retain());
                }
            } catch (IOException e) {
                end(FtpReplies.LOCAL_ERROR);
                return;
            }
        }
        f.addListener(w -> {
            if (!w.isSuccess()) {
                end(FtpReplies.DATA_LOST);
                return;
            }
            written = true;
            session.ctx.bytesOut.addAndGet(length);
            // close (with close_notify under TLS) before 226, so the client sees EOF first
            ch.close().addListener(c -> end(FtpReplies.TRANSFER_OK));
        });
    }

    @Override
    void cleanup(boolean success) {
        if (bytes != null && bytes.refCnt() > 0) bytes.release();
        if (file != null) {
            try {
                file.close();
            } catch (IOException ignored) {
                // read-only: nothing to lose
            }
        }
    }

    /** LF to CRLF for TYPE A downloads. */
    static final class AsciiEncoder extends MessageToMessageEncoder<ByteBuf> {
        @Override
        protected void encode(ChannelHandlerContext ctx, ByteBuf msg, List<Object> out) {
            ByteBuf o = ctx.alloc().buffer(msg.readableBytes() + 64);
            while (msg.isReadable()) {
                byte b = msg.readByte();
                if (b == '\n') o.writeByte('\r');
                o.writeByte(b);
            }
            out.add(o);
        }
    }
}

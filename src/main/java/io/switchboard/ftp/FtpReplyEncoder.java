package io.switchboard.ftp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

import java.nio.charset.StandardCharsets;

/** {@link FtpReply} to UTF-8 bytes on the control connection. */
@ChannelHandler.Sharable
public final class FtpReplyEncoder extends MessageToByteEncoder<FtpReply> {
    public static final FtpReplyEncoder INSTANCE = new FtpReplyEncoder();

    @Override
    protected void encode(ChannelHandlerContext ctx, FtpReply msg, ByteBuf out) {
        out.writeCharSequence(msg.wire(), StandardCharsets.UTF_8);
    }
}

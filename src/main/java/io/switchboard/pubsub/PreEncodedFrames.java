package io.switchboard.pubsub;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;

/**
 * Builds complete server-to-client WebSocket frames (header and payload in one buffer) so one encoding can
 * be written to thousands of channels as a plain {@link ByteBuf}: Netty's frame encoder only encodes
 * {@code WebSocketFrame} objects and passes other messages through untouched. Server frames are never
 * masked (RFC 6455 section 5.1). Not usable for connections that negotiated permessage-deflate: those
 * need {@code TextWebSocketFrame}s (see {@link ChannelSubscriberEndpoint#outboundMessage}).
 */
public final class PreEncodedFrames {
    private static final int FIN_TEXT = 0x81; // FIN + opcode 1 (RFC 6455 section 5.2)
    private static final int FIN_BINARY = 0x82; // FIN + opcode 2

    private PreEncodedFrames() {
    }

    /** A text frame holding {@code utf8Payload}'s readable bytes; does not release {@code utf8Payload}. */
    public static ByteBuf text(ByteBufAllocator alloc, ByteBuf utf8Payload) {
        int length = utf8Payload.readableBytes();
        ByteBuf frame = alloc.buffer(headerLength(length) + length);
        writeHeader(frame, FIN_TEXT, length);
        frame.writeBytes(utf8Payload, utf8Payload.readerIndex(), length);
        return frame;
    }

    /** A text frame holding {@code text} encoded as UTF-8. */
    public static ByteBuf text(ByteBufAllocator alloc, CharSequence text) {
        int length = ByteBufUtil.utf8Bytes(text);
        ByteBuf frame = alloc.buffer(headerLength(length) + length);
        writeHeader(frame, FIN_TEXT, length);
        ByteBufUtil.reserveAndWriteUtf8(frame, text, length);
        return frame;
    }

    /** A binary frame holding {@code payload} (Yjs relays its sync and awareness messages this way). */
    public static ByteBuf binary(ByteBufAllocator alloc, byte[] payload) {
        ByteBuf frame = alloc.buffer(headerLength(payload.length) + payload.length);
        writeHeader(frame, FIN_BINARY, payload.length);
        frame.writeBytes(payload);
        return frame;
    }

    /** Header length for a payload length (RFC 6455 section 5.2: 7-bit, 16-bit or 64-bit length). */
    public static int headerLength(int payloadLength) {
        return payloadLength < 126 ? 2 : payloadLength <= 0xFFFF ? 4 : 10;
    }

    private static void writeHeader(ByteBuf frame, int finOpcode, int length) {
        frame.writeByte(finOpcode);
        if (length < 126) {
            frame.writeByte(length);
        } else if (length <= 0xFFFF) {
            frame.writeByte(126);
            frame.writeShort(length);
        } else {
            frame.writeByte(127);
            frame.writeLong(length);
        }
    }
}

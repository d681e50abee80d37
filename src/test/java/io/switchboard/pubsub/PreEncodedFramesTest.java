package io.switchboard.pubsub;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PreEncodedFramesTest {

    private static String decode(ByteBuf frame) {
        EmbeddedChannel client = new EmbeddedChannel(new WebSocket08FrameDecoder(false, false, 1 << 20));
        client.writeInbound(frame);
        TextWebSocketFrame text = client.readInbound();
        String s = text.text();
        text.release();
        client.finishAndReleaseAll();
        return s;
    }

    @Test
    void buildsFramesThatAWebSocketClientDecodesAtEveryLengthBoundary() {
        for (int length : new int[] {0, 1, 125, 126, 127, 65535, 65536, 70000}) {
            String text = "x".repeat(length);
            ByteBuf frame = PreEncodedFrames.text(ByteBufAllocator.DEFAULT, text);
            assertEquals(PreEncodedFrames.headerLength(length) + length, frame.readableBytes());
            assertEquals(text, decode(frame), "length " + length);
        }
    }

    @Test
    void copiesAPayloadBufferWithoutConsumingIt() {
        ByteBuf payload = Unpooled.copiedBuffer("{\"é\":1}", StandardCharsets.UTF_8);
        ByteBuf frame = PreEncodedFrames.text(ByteBufAllocator.DEFAULT, payload);
        assertEquals(0, payload.readerIndex());
        assertEquals("{\"é\":1}", decode(frame));
        payload.release();
    }
}

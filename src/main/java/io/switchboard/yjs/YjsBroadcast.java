package io.switchboard.yjs;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.channel.ChannelFutureListener;
import io.switchboard.pubsub.PreEncodedFrames;

import java.util.List;

/**
 * Messages a room sends to many peers, encoded once: each as a complete binary WebSocket frame
 * (header and payload in one buffer, written as a plain {@link ByteBuf}, which Netty's frame encoder
 * passes through) and as its bare payload for peers that negotiated permessage-deflate (they need a
 * {@link BinaryWebSocketFrame} so the compression encoder sees it). One instance goes to every event
 * loop that has peers of the room, as one task: it writes all messages to each of that loop's peers
 * and flushes each peer once.
 */
final class YjsBroadcast implements Runnable {
    /** Bytes a peer may have waiting unsent before it is closed as too slow (a Yjs peer cannot skip updates). */
    static final long SLOW_PEER_BYTES = 64L * 1024 * 1024;

    /** One message, and the peer it came from (which does not get it back), or null. */
    record Message(byte[] bytes, Channel except) {
    }

    private final ByteBuf[] wire;
    private final ByteBuf[] payload;
    private final Channel[] except;
    private final List<YjsRoom.Peer> peers;

    private YjsBroadcast(ByteBuf[] wire, ByteBuf[] payload, Channel[] except, List<YjsRoom.Peer> peers) {
        this.wire = wire;
        this.payload = payload;
        this.except = except;
        this.peers = peers;
    }

    /** Encodes the messages once and hands one task per event loop to {@code send}. */
    static void send(List<Message> messages, Iterable<List<YjsRoom.Peer>> peersByLoop, ByteBufAllocator alloc) {
        int n = messages.size();
        ByteBuf[] wire = new ByteBuf[n];
        ByteBuf[] payload = new ByteBuf[n];
        Channel[] except = new Channel[n];
        for (int i = 0; i < n; i++) {
            byte[] m = messages.get(i).bytes();
            payload[i] = Unpooled.wrappedBuffer(m);
            wire[i] = PreEncodedFrames.binary(alloc, m);
            except[i] = messages.get(i).except();
        }
        try {
            for (List<YjsRoom.Peer> onLoop : peersByLoop) {
                if (onLoop.isEmpty()) continue;
                for (int i = 0; i < n; i++) {
                    wire[i].retain();
                    payload[i].retain();
                }
                YjsBroadcast task = new YjsBroadcast(wire, payload, except, List.copyOf(onLoop));
                io.netty.util.concurrent.EventExecutor loop = onLoop.get(0).channel.eventLoop();
                if (loop.inEventLoop()) task.run();
                else loop.execute(task);
            }
        } finally {
            for (int i = 0; i < n; i++) {
                wire[i].release();
                payload[i].release();
            }
        }
    }

    @Override
    public void run() {
        try {
            for (YjsRoom.Peer p : peers) {
                Channel ch = p.channel;
                if (!ch.isActive()) continue;
                if (ch.bytesBeforeWritable() > SLOW_PEER_BYTES) {
                    ch.writeAndFlush(new CloseWebSocketFrame(1008, "too slow to receive the document's updates"))
                            .addListener(ChannelFutureListener.CLOSE);
                    continue;
                }
                boolean wrote = false;
                for (int i = 0; i < wire.length; i++) {
                    if (except[i] == ch) continue;
                    Object msg = p.deflate ? new BinaryWebSocketFrame(payload[i].retainedDuplicate()) : wire[i].retainedDuplicate();
                    ch.write(msg, p.quietVoidPromise);
                    wrote = true;
                }
                if (wrote) ch.flush();
            }
        } finally {
            for (int i = 0; i < wire.length; i++) {
                wire[i].release();
                payload[i].release();
            }
        }
    }
}

package io.switchboard.yjs;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.channel.ChannelFutureListener;
import io.netty.util.concurrent.EventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One shared document and its connected peers. Everything runs on the room's own event loop, so
 * a room's messages are applied and broadcast in order without locks. The document is one merged
 * update plus a short tail of recent ones, merged when a joiner needs it or the tail grows. An
 * update is stored durably first; only then is it applied and relayed to the other peers.
 */
final class YjsRoom {
    private static final Logger log = LoggerFactory.getLogger(YjsRoom.class);
    /** Tail updates kept before folding them into the merged state. */
    static final int MAX_TAIL = 64;
    /** Stored log records between compactions of the document's files. */
    static final int COMPACT_EVERY = 500;
    /** WebSocket close codes used for refused input. */
    static final int CLOSE_BAD_DATA = 1007;
    static final int CLOSE_TOO_BIG = 1009;
    static final int CLOSE_UNSUPPORTED = 1003;

    /** One connected client. */
    static final class Peer {
        final Channel channel;
        final boolean readOnly;
        /** Awareness clients this connection introduced, with their last clock. */
        final Map<Long, Long> awarenessClients = new HashMap<>();

        Peer(Channel channel, boolean readOnly) {
            this.channel = channel;
            this.readOnly = readOnly;
        }
    }

    private record AwarenessState(long clock, String json) {
    }

    final String name;
    final EventExecutor loop;
    private final YjsRooms rooms;
    private final YjsDocumentStore store;
    private final YMessageCodec codec;
    private final Map<Channel, Peer> peers = new LinkedHashMap<>();
    private final Map<Long, AwarenessState> awareness = new LinkedHashMap<>();
    private final List<Peer> waiting = new ArrayList<>();
    private byte[] merged = YUpdates.empty();
    private final List<byte[]> tail = new ArrayList<>();
    private long mergedBytes;
    private int appendsSinceCompaction;
    private boolean loaded;
    private boolean unloaded;

    YjsRoom(String name, EventExecutor loop, YjsRooms rooms, YjsDocumentStore store, YMessageCodec codec) {
        this.name = name;
        this.loop = loop;
        this.rooms = rooms;
        this.store = store;
        this.codec = codec;
    }

    /** Called once the stored updates are read (on the room loop). */
    void loaded(List<byte[]> stored, Throwable error) {
        if (error != null) {
            log.error("cannot load yjs document {}", name, error);
            for (Peer p : waiting) p.channel.writeAndFlush(new CloseWebSocketFrame(1011, "document unavailable")).addListener(ChannelFutureListener.CLOSE);
            waiting.clear();
            unloaded = true;
            rooms.forget(this);
            return;
        }
        merged = stored.isEmpty() ? YUpdates.empty() : YUpdates.merge(stored);
        mergedBytes = merged.length;
        appendsSinceCompaction = Math.max(0, stored.size() - 1);
        loaded = true;
        for (Peer p : waiting) greet(p);
        waiting.clear();
    }

    /** Adds a peer; false when the room was unloaded meanwhile (the caller asks for a fresh room). */
    boolean join(Channel ch, boolean readOnly) {
        if (unloaded) return false;
        Peer p = new Peer(ch, readOnly);
        peers.put(ch, p);
        if (loaded) greet(p);
        else waiting.add(p);
        return true;
    }

    /** Sync step 1 with our state vector, then everyone's awareness, as the y-websocket server does. */
    private void greet(Peer p) {
        send(p, codec.encode(new YMessage.SyncStep1(YUpdates.encodeStateVectorFromUpdate(state()))));
        if (!awareness.isEmpty()) send(p, codec.encode(new YMessage.Awareness(awarenessOfAll())));
    }

    /** The whole document as one update. */
    byte[] state() {
        if (!tail.isEmpty()) {
            List<byte[]> all = new ArrayList<>(tail.size() + 1);
            all.add(merged);
            all.addAll(tail);
            merged = YUpdates.merge(all);
            mergedBytes = merged.length;
            tail.clear();
        }
        return merged;
    }

    void leave(Channel ch) {
        Peer p = peers.remove(ch);
        waiting.removeIf(w -> w.channel == ch);
        if (p != null && !p.awarenessClients.isEmpty()) {
            for (Long client : p.awarenessClients.keySet()) awareness.remove(client);
            broadcast(codec.encode(new YMessage.Awareness(YAwarenessUpdate.removing(p.awarenessClients))), null);
        }
        if (peers.isEmpty() && waiting.isEmpty()) {
            loop.schedule(this::unloadIfIdle, rooms.idleSeconds(), TimeUnit.SECONDS);
        }
    }

    private void unloadIfIdle() {
        if (!peers.isEmpty() || !waiting.isEmpty() || unloaded) return;
        unloaded = true;
        rooms.forget(this);
    }

    /** One binary message from a peer. */
    void onMessage(Channel ch, byte[] frame) {
        Peer p = peers.get(ch);
        if (p == null) return;
        if (!loaded) {
            // the client spoke before the document finished loading: retry shortly, keeping order
            loop.schedule(() -> onMessage(ch, frame), 5, TimeUnit.MILLISECONDS);
            return;
        }
        YMessage m;
        try {
            m = codec.decode(frame);
        } catch (MalformedUpdateException e) {
            close(p, CLOSE_BAD_DATA, "malformed message");
            return;
        }
        if (m instanceof YMessage.SyncStep1 s) {
            byte[] diff;
            try {
                diff = YUpdates.diff(state(), s.stateVector());
            } catch (MalformedUpdateException e) {
                close(p, CLOSE_BAD_DATA, "malformed state vector");
                return;
            }
            send(p, codec.encode(new YMessage.SyncStep2(diff)));
        } else if (m instanceof YMessage.SyncStep2 s) {
            applyFrom(p, s.update());
        } else if (m instanceof YMessage.SyncUpdate u) {
            applyFrom(p, u.update());
        } else if (m instanceof YMessage.Awareness a) {
            for (YAwarenessUpdate.Entry e : a.update().entries()) {
                if (e.isRemoval()) {
                    awareness.remove(e.clientId());
                    p.awarenessClients.remove(e.clientId());
                } else {
                    awareness.put(e.clientId(), new AwarenessState(e.clock(), e.stateJson()));
                    p.awarenessClients.put(e.clientId(), e.clock());
                }
            }
            broadcast(frame, null); // every peer, the sender included (yjs.md)
        } else if (m instanceof YMessage.QueryAwareness) {
            send(p, codec.encode(new YMessage.Awareness(awarenessOfAll())));
        } else if (m instanceof YMessage.PermissionDenied) {
            // only servers send this; ignore
        } else {
            close(p, CLOSE_UNSUPPORTED, "unknown message type");
        }
    }

    /** An update from the server itself (row seeding); false when the room was unloaded meanwhile. */
    boolean applyFromServer(byte[] update) {
        if (unloaded) return false;
        if (!loaded) {
            loop.schedule(() -> applyFromServer(update), 5, TimeUnit.MILLISECONDS);
            return true;
        }
        store.append(name, update).whenComplete((ok, err) -> loop.execute(() -> {
            if (err != null) {
                log.error("could not store a seeded update of {}", name, err);
                return;
            }
            tail.add(update);
            mergedBytes += update.length;
            broadcast(codec.encode(new YMessage.SyncUpdate(update)), null);
        }));
        if (peers.isEmpty() && waiting.isEmpty()) loop.schedule(this::unloadIfIdle, rooms.idleSeconds(), TimeUnit.SECONDS);
        return true;
    }

    private void applyFrom(Peer p, byte[] update) {
        if (update.length <= 2 && isEmptyUpdate(update)) return;
        if (p.readOnly) {
            rooms.stats().refusedReadOnly.increment();
            send(p, codec.encode(new YMessage.PermissionDenied("read-only access")));
            return;
        }
        try {
            YUpdates.validate(update);
        } catch (MalformedUpdateException e) {
            close(p, CLOSE_BAD_DATA, "malformed update");
            return;
        }
        if (mergedBytes + update.length > rooms.maxDocumentBytes()) {
            close(p, CLOSE_TOO_BIG, "document size limit reached");
            return;
        }
        store.append(name, update).whenComplete((ok, err) -> loop.execute(() -> {
            if (err != null) {
                close(p, 1011, "could not store the update");
                return;
            }
            tail.add(update);
            mergedBytes += update.length;
            rooms.stats().updates.increment();
            if (tail.size() >= MAX_TAIL) state();
            broadcast(codec.encode(new YMessage.SyncUpdate(update)), p.channel);
            if (++appendsSinceCompaction >= COMPACT_EVERY) {
                appendsSinceCompaction = 0;
                store.compact(name);
            }
        }));
    }

    private static boolean isEmptyUpdate(byte[] u) {
        return u.length == 2 && u[0] == 0 && u[1] == 0;
    }

    private YAwarenessUpdate awarenessOfAll() {
        List<YAwarenessUpdate.Entry> entries = new ArrayList<>(awareness.size());
        awareness.forEach((client, s) -> entries.add(new YAwarenessUpdate.Entry(client, s.clock(), s.json())));
        return new YAwarenessUpdate(entries);
    }

    private void broadcast(byte[] frame, Channel except) {
        ByteBuf shared = Unpooled.wrappedBuffer(frame);
        try {
            for (Peer p : peers.values()) {
                if (p.channel != except) p.channel.writeAndFlush(new BinaryWebSocketFrame(shared.retainedDuplicate()));
            }
        } finally {
            shared.release();
        }
    }

    private static void send(Peer p, byte[] frame) {
        p.channel.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(frame)));
    }

    private static void close(Peer p, int code, String reason) {
        p.channel.writeAndFlush(new CloseWebSocketFrame(code, reason)).addListener(ChannelFutureListener.CLOSE);
    }

    int peerCount() {
        return peers.size();
    }
}

package io.switchboard.yjs;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.VoidChannelPromise;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
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
 * a room's messages are applied and broadcast in order without locks.
 *
 * <p>The document is one merged update plus a tail of the updates since. The tail is folded into the
 * merged update when a joiner needs the whole state, or once it outweighs the merged update: folding
 * after a fixed number of updates re-merged the whole document again and again (quadratic in its
 * size, and the main cost per update in the fan-out benchmark); doubling keeps it linear.
 *
 * <p>An update from a peer is validated, stored durably, and only then applied and relayed. Updates
 * acknowledged in one turn of the loop are relayed together: each encoded once, one task per event
 * loop that has peers here, one flush per peer ({@link YjsBroadcast}). On a cluster, updates applied
 * here are published to the other nodes, and theirs arrive through {@link #applyRemote}.
 */
final class YjsRoom {
    private static final Logger log = LoggerFactory.getLogger(YjsRoom.class);
    /** The tail is folded once it is at least this big and bigger than the merged update. */
    static final long FOLD_MIN_BYTES = 64 * 1024;
    /** WebSocket close codes used for refused input. */
    static final int CLOSE_BAD_DATA = 1007;
    static final int CLOSE_TOO_BIG = 1009;
    static final int CLOSE_UNSUPPORTED = 1003;
    /** Close code for peers of a document that was deleted (its row is gone). */
    static final int CLOSE_DELETED = 4404;

    /** One connected client. */
    static final class Peer {
        final Channel channel;
        final boolean readOnly;
        /** The connection negotiated permessage-deflate: it needs frame objects, not pre-encoded bytes. */
        final boolean deflate;
        final VoidChannelPromise quietVoidPromise;
        /** Awareness clients this connection introduced, with their last clock. */
        final Map<Long, Long> awarenessClients = new HashMap<>();

        Peer(Channel channel, boolean readOnly) {
            this.channel = channel;
            this.readOnly = readOnly;
            this.deflate = channel.pipeline().get("ws-deflate-encoder") != null;
            // write failures only mean the channel closed, which leave() handles
            this.quietVoidPromise = new VoidChannelPromise(channel, false);
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
    private final Map<EventExecutor, List<Peer>> peersByLoop = new LinkedHashMap<>();
    private final Map<Long, AwarenessState> awareness = new LinkedHashMap<>();
    private final List<Peer> waiting = new ArrayList<>();
    private final List<YjsBroadcast.Message> outbox = new ArrayList<>();
    /** Peers' messages that arrived while the document was loading, in arrival order. */
    private final List<Map.Entry<Channel, byte[]>> messagesWhileLoading = new ArrayList<>();
    /** Other nodes' updates that arrived while the document was loading. */
    private final List<byte[]> remoteWhileLoading = new ArrayList<>();
    private byte[] merged = YUpdates.empty();
    private final List<byte[]> tail = new ArrayList<>();
    private long tailBytes;
    private boolean outboxScheduled;
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
        if (unloaded) return; // deleted while loading
        if (error != null) {
            log.error("cannot load yjs document {}", name, error);
            for (Peer p : waiting) close(p, 1011, "document unavailable");
            waiting.clear();
            unloaded = true;
            rooms.forget(this);
            return;
        }
        List<byte[]> all = new ArrayList<>(stored);
        all.addAll(remoteWhileLoading); // merging is idempotent: a row and its event may both be here
        remoteWhileLoading.clear();
        merged = all.isEmpty() ? YUpdates.empty() : all.size() == 1 ? all.get(0) : YUpdates.merge(all);
        loaded = true;
        for (Peer p : waiting) {
            addPeer(p);
            greet(p);
        }
        waiting.clear();
        List<Map.Entry<Channel, byte[]>> early = new ArrayList<>(messagesWhileLoading);
        messagesWhileLoading.clear();
        for (Map.Entry<Channel, byte[]> m : early) onMessage(m.getKey(), m.getValue());
    }

    /** Adds a peer; false when the room was unloaded meanwhile (the caller asks for a fresh room). */
    boolean join(Channel ch, boolean readOnly) {
        if (unloaded) return false;
        Peer p = new Peer(ch, readOnly);
        if (loaded) {
            addPeer(p);
            greet(p);
        } else {
            waiting.add(p);
        }
        return true;
    }

    private void addPeer(Peer p) {
        peers.put(p.channel, p);
        peersByLoop.computeIfAbsent(p.channel.eventLoop(), l -> new ArrayList<>()).add(p);
    }

    /** Sync step 1 with our state vector, then everyone's awareness, as the y-websocket server does. */
    private void greet(Peer p) {
        send(p, codec.encode(new YMessage.SyncStep1(YUpdates.encodeStateVectorFromUpdate(state()))));
        if (!awareness.isEmpty()) send(p, codec.encode(new YMessage.Awareness(awarenessOfAll())));
    }

    /** The whole document as one update. */
    byte[] state() {
        if (!tail.isEmpty()) fold();
        return merged;
    }

    private void fold() {
        List<byte[]> all = new ArrayList<>(tail.size() + 1);
        all.add(merged);
        all.addAll(tail);
        merged = YUpdates.merge(all);
        tail.clear();
        tailBytes = 0;
    }

    private void addToDocument(byte[] update) {
        tail.add(update);
        tailBytes += update.length;
        if (tailBytes >= FOLD_MIN_BYTES && tailBytes > merged.length) fold();
    }

    /** Bytes of the document as stored in memory (merged update plus tail). */
    long sizeBytes() {
        return merged.length + tailBytes;
    }

    void leave(Channel ch) {
        Peer p = peers.remove(ch);
        waiting.removeIf(w -> w.channel == ch);
        messagesWhileLoading.removeIf(m -> m.getKey() == ch);
        if (p != null) {
            List<Peer> onLoop = peersByLoop.get(ch.eventLoop());
            if (onLoop != null) {
                onLoop.remove(p);
                if (onLoop.isEmpty()) peersByLoop.remove(ch.eventLoop());
            }
        }
        if (p != null && !p.awarenessClients.isEmpty()) {
            for (Long client : p.awarenessClients.keySet()) awareness.remove(client);
            broadcast(codec.encode(new YMessage.Awareness(YAwarenessUpdate.removing(p.awarenessClients))), null);
        }
        scheduleUnloadIfEmpty();
    }

    private void scheduleUnloadIfEmpty() {
        if (peers.isEmpty() && waiting.isEmpty()) loop.schedule(this::unloadIfIdle, rooms.idleMillis(), TimeUnit.MILLISECONDS);
    }

    private void unloadIfIdle() {
        if (!peers.isEmpty() || !waiting.isEmpty() || unloaded) return;
        unloaded = true;
        rooms.forget(this);
        store.release(name);
    }

    /** The document's row was deleted: close every peer, then delete the stored document (on the room loop). */
    void delete() {
        unloaded = true;
        outbox.clear();
        for (Peer p : peers.values()) close(p, CLOSE_DELETED, "document deleted");
        for (Peer p : waiting) close(p, CLOSE_DELETED, "document deleted");
        peers.clear();
        peersByLoop.clear();
        waiting.clear();
        messagesWhileLoading.clear();
        // queued after every append this room made, so nothing is written after the delete
        store.delete(name);
    }

    /** One binary message from a peer. */
    void onMessage(Channel ch, byte[] frame) {
        if (unloaded) return;
        if (!loaded) {
            // the client spoke before the document finished loading: handled, in order, once it has
            messagesWhileLoading.add(Map.entry(ch, frame));
            return;
        }
        Peer p = peers.get(ch);
        if (p == null) return;
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
                diff = YUpdates.diff(state(), s.stateVector().array()); // diff only reads it
            } catch (MalformedUpdateException e) {
                close(p, CLOSE_BAD_DATA, "malformed state vector");
                return;
            }
            send(p, codec.encode(new YMessage.SyncStep2(diff)));
        } else if (m instanceof YMessage.SyncStep2 s) {
            applyFrom(p, s.update().toArray(), null);
        } else if (m instanceof YMessage.SyncUpdate u) {
            applyFrom(p, u.update().toArray(), frame); // relayed as received: the same bytes
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
            if (unloaded) return;
            addToDocument(update);
            broadcast(codec.encode(new YMessage.SyncUpdate(update)), null);
        }));
        scheduleUnloadIfEmpty();
        return true;
    }

    /**
     * An update another node applied and stored (cluster): apply and relay to the peers here, without
     * storing it again. False when the room was unloaded meanwhile (then the store has it anyway).
     */
    boolean applyRemote(byte[] update) {
        if (unloaded) return false;
        if (!loaded) {
            remoteWhileLoading.add(update);
            return true;
        }
        addToDocument(update);
        broadcast(codec.encode(new YMessage.SyncUpdate(update)), null);
        return true;
    }

    /** @param relay the message to relay as it arrived, or null to encode one */
    private void applyFrom(Peer p, byte[] update, byte[] relay) {
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
        if (sizeBytes() + update.length > rooms.maxDocumentBytes()) {
            close(p, CLOSE_TOO_BIG, "document size limit reached");
            return;
        }
        store.append(name, update).whenComplete((ok, err) -> loop.execute(() -> {
            if (unloaded) return;
            if (err != null) {
                close(p, 1011, "could not store the update");
                return;
            }
            addToDocument(update);
            rooms.stats().updates.increment();
            broadcast(relay != null ? relay : codec.encode(new YMessage.SyncUpdate(update)), p.channel);
            rooms.published(this, update);
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

    /** Queues a message for every peer but {@code except}; sent with whatever else this loop turn queues. */
    private void broadcast(byte[] message, Channel except) {
        if (peers.isEmpty()) return;
        outbox.add(new YjsBroadcast.Message(message, except));
        if (!outboxScheduled) {
            outboxScheduled = true;
            loop.execute(this::sendOutbox);
        }
    }

    private void sendOutbox() {
        outboxScheduled = false;
        if (outbox.isEmpty() || peers.isEmpty()) {
            outbox.clear();
            return;
        }
        List<YjsBroadcast.Message> messages = new ArrayList<>(outbox);
        outbox.clear();
        YjsBroadcast.send(messages, peersByLoop.values(), ByteBufAllocator.DEFAULT);
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

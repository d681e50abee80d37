package io.switchboard.yjs;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.switchboard.net.BlockingExecutor;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The loaded rooms by document name. A room is created on first join, pinned to one event loop,
 * loaded from the store off the event loops, and unloaded after it has been empty for a while
 * ({@link #DEFAULT_IDLE_MILLIS}).
 *
 * <p>On a cluster, every update a room here applies from a peer goes to {@code publisher} (the
 * cluster bus), and updates other nodes applied come back through {@link #applyRemote}: they reach
 * the room only if it is loaded here; a room loaded later reads them from the shared store.
 */
final class YjsRooms {
    /** How long an empty room stays loaded. */
    static final long DEFAULT_IDLE_MILLIS = 30_000;
    /** The cluster bus's topic column holds 200 characters: longer room names travel as a hash. */
    static final int MAX_TOPIC_LENGTH = 200;

    /** Counters for /statistics. */
    static final class Stats {
        final LongAdder updates = new LongAdder();
        final LongAdder refusedReadOnly = new LongAdder();
        final LongAdder remoteUpdates = new LongAdder();
    }

    private final Map<String, YjsRoom> rooms = new ConcurrentHashMap<>();
    private final Map<String, YjsRoom> byTopic = new ConcurrentHashMap<>();
    private final EventLoopGroup loops;
    private final BlockingExecutor blocking;
    private final YjsDocumentStore store;
    private final LongSupplier maxDocument;
    private final IntSupplier maxMessage;
    private final Stats stats = new Stats();
    private volatile BiConsumer<String, byte[]> publisher = (topic, update) -> { };
    private volatile long idleMillis = DEFAULT_IDLE_MILLIS;

    YjsRooms(EventLoopGroup loops, BlockingExecutor blocking, YjsDocumentStore store, LongSupplier maxDocument, IntSupplier maxMessage) {
        this.loops = loops;
        this.blocking = blocking;
        this.store = store;
        this.maxDocument = maxDocument;
        this.maxMessage = maxMessage;
    }

    /** Where updates applied here go to reach other nodes: (topic, update). */
    void publishTo(BiConsumer<String, byte[]> publisher) {
        this.publisher = publisher;
    }

    /** The cluster topic of a room: its name, or a hash of it when the name is too long for the bus. */
    static String topic(String doc) {
        return doc.length() <= MAX_TOPIC_LENGTH ? doc : "yjs#" + YjsFileStore.stem(doc);
    }

    /** Joins a channel to the named document's room (creating and loading it when needed). */
    void join(String doc, Channel ch, boolean readOnly, Consumer<YjsRoom> joined) {
        // the first joiner's event loop runs the room: its messages and deliveries need no thread hop
        YjsRoom room = rooms.computeIfAbsent(doc, d -> open(d, ch.eventLoop()));
        room.loop.execute(() -> {
            if (room.join(ch, readOnly)) joined.accept(room);
            else join(doc, ch, readOnly, joined); // unloaded meanwhile: take the fresh one
        });
    }

    /** Applies an update that did not come from a peer (a row seeded with Yjs contents). */
    void applyFromServer(String doc, byte[] update) {
        YjsRoom room = rooms.computeIfAbsent(doc, d -> open(d, loops.next()));
        room.loop.execute(() -> {
            if (!room.applyFromServer(update)) applyFromServer(doc, update); // unloaded meanwhile
        });
    }

    /**
     * Another node applied (and stored) this update: relay it to the room's peers here if the room
     * is loaded. A room that is not loaded will read it from the shared store when it loads: the
     * event arrives after the other node's commit, so a load that starts after this check sees it.
     */
    void applyRemote(String topic, byte[] update) {
        YjsRoom room = byTopic.get(topic);
        if (room == null) return;
        stats.remoteUpdates.increment();
        room.loop.execute(() -> room.applyRemote(update));
    }

    /** A room applied an update from one of its peers: tell the other nodes. */
    void published(YjsRoom room, byte[] update) {
        publisher.accept(topic(room.name), update);
    }

    private YjsRoom open(String doc, EventExecutor loop) {
        YjsRoom room = new YjsRoom(doc, loop, this, store, new YMessageCodec(maxMessage.getAsInt()));
        byTopic.put(topic(doc), room);
        blocking.submit(() -> store.load(doc)).whenComplete((stored, err) -> room.loop.execute(() -> room.loaded(stored, err)));
        return room;
    }

    void forget(YjsRoom room) {
        rooms.remove(room.name, room);
        byTopic.remove(topic(room.name), room);
    }

    /** Deletes a document (its row was deleted): connected peers are closed, then its storage is deleted. */
    void delete(String doc) {
        YjsRoom room = rooms.remove(doc);
        if (room == null) {
            store.delete(doc);
            return;
        }
        byTopic.remove(topic(doc), room);
        room.loop.execute(room::delete);
    }

    int loadedRooms() {
        return rooms.size();
    }

    /** The loaded room of a document, or null (tests). */
    YjsRoom loaded(String doc) {
        return rooms.get(doc);
    }

    long maxDocumentBytes() {
        return maxDocument.getAsLong();
    }

    long idleMillis() {
        return idleMillis;
    }

    void idleMillis(long millis) {
        idleMillis = millis;
    }

    Stats stats() {
        return stats;
    }

    YjsDocumentStore store() {
        return store;
    }
}

package io.switchboard.yjs;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.switchboard.net.BlockingExecutor;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The loaded rooms by document name. A room is created on first join, pinned to one event loop,
 * loaded from the store off the event loops, and unloaded after it has been empty for a while.
 */
final class YjsRooms {
    /** Counters for /statistics. */
    static final class Stats {
        final LongAdder updates = new LongAdder();
        final LongAdder refusedReadOnly = new LongAdder();
    }

    private final Map<String, YjsRoom> rooms = new ConcurrentHashMap<>();
    private final EventLoopGroup loops;
    private final BlockingExecutor blocking;
    private final YjsDocumentStore store;
    private final LongSupplier maxDocument;
    private final IntSupplier maxMessage;
    private final Stats stats = new Stats();
    private volatile int idleSeconds = 30;

    YjsRooms(EventLoopGroup loops, BlockingExecutor blocking, YjsDocumentStore store, LongSupplier maxDocument, IntSupplier maxMessage) {
        this.loops = loops;
        this.blocking = blocking;
        this.store = store;
        this.maxDocument = maxDocument;
        this.maxMessage = maxMessage;
    }

    /** Joins a channel to the named document's room (creating and loading it when needed). */
    void join(String doc, Channel ch, boolean readOnly, java.util.function.Consumer<YjsRoom> joined) {
        YjsRoom room = rooms.computeIfAbsent(doc, this::open);
        room.loop.execute(() -> {
            if (room.join(ch, readOnly)) joined.accept(room);
            else join(doc, ch, readOnly, joined); // unloaded meanwhile: take the fresh one
        });
    }

    /** Applies an update that did not come from a peer (a row seeded with Yjs contents). */
    void applyFromServer(String doc, byte[] update) {
        YjsRoom room = rooms.computeIfAbsent(doc, this::open);
        room.loop.execute(() -> {
            if (!room.applyFromServer(update)) applyFromServer(doc, update); // unloaded meanwhile
        });
    }

    private YjsRoom open(String doc) {
        YjsRoom room = new YjsRoom(doc, loops.next(), this, store, new YMessageCodec(maxMessage.getAsInt()));
        blocking.submit(() -> store.load(doc)).whenComplete((stored, err) -> room.loop.execute(() -> room.loaded(stored, err)));
        return room;
    }

    void forget(YjsRoom room) {
        rooms.remove(room.name, room);
    }

    /** Deletes a document's storage (its row was deleted); connected peers are closed. */
    void delete(String doc) {
        YjsRoom room = rooms.remove(doc);
        store.delete(doc);
        if (room != null) room.loop.execute(() -> { });
    }

    int loadedRooms() {
        return rooms.size();
    }

    long maxDocumentBytes() {
        return maxDocument.getAsLong();
    }

    int idleSeconds() {
        return idleSeconds;
    }

    void idleSeconds(int s) {
        idleSeconds = s;
    }

    Stats stats() {
        return stats;
    }

    YjsDocumentStore store() {
        return store;
    }
}

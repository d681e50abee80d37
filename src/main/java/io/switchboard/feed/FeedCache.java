package io.switchboard.feed;

import io.switchboard.auth.Principal;

import java.time.Instant;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Generated feed bytes per (feed, format, page, permission view), and feed definitions by name.
 * A hit costs no query. Invalidation is by table: a change to a feed's item table drops that
 * table's entries, a change to the feed table (or a table's access) drops everything.
 *
 * <p>Each entry is stamped with the epochs current when its generation began; an invalidation
 * bumps the epoch before removing entries, and {@link #put} re-checks the stamp after storing,
 * so bytes generated from data older than a change can never stay in the cache.
 */
final class FeedCache {
    /** What a cached body depends on besides the data. */
    record Key(String table, String feed, FeedFormat format, int page, String view) {
    }

    /** A generated page with its validators (RFC 9110 section 8.8). */
    record Body(byte[] bytes, String contentType, String etag, Instant lastModified, String lastModifiedHeader, boolean guestView) {
        Body(byte[] bytes, String contentType, String etag, Instant lastModified, boolean guestView) {
            // formatted once here rather than on every cached answer
            this(bytes, contentType, etag, lastModified,
                    java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(lastModified.atZone(java.time.ZoneOffset.UTC)), guestView);
        }
    }

    /** The epochs an entry was generated under. */
    record Stamp(long global, long table) {
    }

    private record Entry(Body body, Stamp stamp) {
    }

    /** Memory bound of cached bodies; beyond it, entries are dropped until 3/4 of it is used. */
    static final long MAX_BYTES = 64L << 20;

    /** By item table, so a change drops exactly that table's pages. */
    private final Map<String, Map<Key, Entry>> entries = new ConcurrentHashMap<>();
    private final Map<String, FeedDefinition> definitions = new ConcurrentHashMap<>();
    private final Map<Key, CompletableFuture<Body>> inFlight = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> tableEpochs = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastChange = new ConcurrentHashMap<>();
    private final AtomicLong globalEpoch = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder generations = new LongAdder();
    private final LongAdder invalidations = new LongAdder();
    private final LongAdder eventLoopAnswers = new LongAdder();
    private final LongAdder generationNanos = new LongAdder();
    private volatile long lastGenerationNanos;
    private volatile Instant lastGlobalChange;

    /** The permission view of a caller: everyone with the same view sees the same items. */
    static String view(Principal who) {
        if (who.isGuest()) return "guest";
        if (who.isAdministrator()) return "admin";
        return "user:" + who.userId() + ":" + String.join(",", new TreeSet<>(who.groups()));
    }

    Body get(Key key) {
        Map<Key, Entry> t = entries.get(key.table());
        Entry e = t == null ? null : t.get(key);
        if (e == null) {
            misses.increment();
            return null;
        }
        hits.increment();
        return e.body();
    }

    /** A cached page was answered on the event loop, without the blocking executor. */
    void countEventLoopAnswer() {
        eventLoopAnswers.increment();
    }

    Stamp stamp(String table) {
        return new Stamp(globalEpoch.get(), epoch(table).get());
    }

    /** The latest change event seen for the table or the feed table (for Last-Modified). */
    Instant lastChange(String table) {
        Instant t = lastChange.get(table);
        Instant g = lastGlobalChange;
        if (t == null) return g;
        if (g == null) return t;
        return t.isAfter(g) ? t : g;
    }

    /** Stores a body generated under {@code stamp}; it is dropped again if a change happened since. */
    void put(Key key, Body body, Stamp stamp) {
        Entry e = new Entry(body, stamp);
        Map<Key, Entry> t = entries.computeIfAbsent(key.table(), k -> new ConcurrentHashMap<>());
        Entry old = t.put(key, e);
        bytes.addAndGet(body.bytes().length - (old == null ? 0 : old.body().bytes().length));
        if (!stamp.equals(stamp(key.table()))) remove(t, key, e);
        if (bytes.get() > MAX_BYTES) shrink();
    }

    FeedDefinition definition(String name) {
        return definitions.get(name);
    }

    void putDefinition(FeedDefinition def, long global) {
        definitions.put(def.name(), def);
        if (globalEpoch.get() != global) definitions.remove(def.name(), def);
    }

    long globalEpoch() {
        return globalEpoch.get();
    }

    /**
     * Generation of one key at a time: the first caller gets an empty future to complete and
     * must call {@link #generated}; concurrent callers get the same future to wait on.
     */
    CompletableFuture<Body> claim(Key key, boolean[] mine) {
        CompletableFuture<Body> fresh = new CompletableFuture<>();
        CompletableFuture<Body> existing = inFlight.putIfAbsent(key, fresh);
        mine[0] = existing == null;
        if (mine[0]) generations.increment();
        return existing == null ? fresh : existing;
    }

    /** A generation finished (or failed) after {@code nanos}: its waiters are released. */
    void generated(Key key, CompletableFuture<Body> future, long nanos) {
        inFlight.remove(key, future);
        generationNanos.add(nanos);
        lastGenerationNanos = nanos;
    }

    /** A row of {@code table} changed: its feeds' pages are stale. */
    void invalidateTable(String table, Instant at) {
        invalidations.increment();
        epoch(table).incrementAndGet();
        lastChange.merge(table, at, (a, b) -> a.isAfter(b) ? a : b);
        Map<Key, Entry> t = entries.get(table);
        if (t != null) for (Map.Entry<Key, Entry> e : t.entrySet()) remove(t, e.getKey(), e.getValue());
    }

    /** Feed definitions or table access changed: everything is stale. */
    void invalidateAll(Instant at) {
        invalidations.increment();
        globalEpoch.incrementAndGet();
        if (at != null) lastGlobalChange = lastGlobalChange == null || at.isAfter(lastGlobalChange) ? at : lastGlobalChange;
        definitions.clear();
        for (Map<Key, Entry> t : entries.values()) {
            for (Map.Entry<Key, Entry> e : t.entrySet()) remove(t, e.getKey(), e.getValue());
        }
    }

    private void remove(Map<Key, Entry> t, Key key, Entry e) {
        if (t.remove(key, e)) bytes.addAndGet(-e.body().bytes().length);
    }

    private void shrink() {
        for (Map<Key, Entry> t : entries.values()) {
            for (Map.Entry<Key, Entry> e : t.entrySet()) {
                if (bytes.get() <= MAX_BYTES / 4 * 3) return;
                remove(t, e.getKey(), e.getValue());
            }
        }
    }

    private int size() {
        int n = 0;
        for (Map<Key, Entry> t : entries.values()) n += t.size();
        return n;
    }

    private AtomicLong epoch(String table) {
        return tableEpochs.computeIfAbsent(table, t -> new AtomicLong());
    }

    /** The {@code feed} section of /statistics. */
    Map<String, Object> stats() {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("cache_entries", size());
        m.put("cache_bytes", bytes.get());
        m.put("cache_hits", hits.sum());
        m.put("cache_misses", misses.sum());
        m.put("event_loop_answers", eventLoopAnswers.sum());
        m.put("generations", generations.sum());
        m.put("generation_ms_total", generationNanos.sum() / 1e6);
        m.put("generation_ms_last", lastGenerationNanos / 1e6);
        m.put("invalidations", invalidations.sum());
        m.put("definitions", definitions.size());
        return m;
    }
}

package io.switchboard.realtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.IntSupplier;

/**
 * The last events of each topic with their sequence numbers, kept in memory on this node so a
 * client that reconnects with {@code "since": n} gets what it missed (live.md "recovery"). Bounded
 * per topic by {@code ws.resume.buffer}; older gaps are answered "too old".
 */
public final class EventHistory {
    /** One remembered event. */
    public record Entry(long seq, Object payload) {
    }

    private final Map<String, ConcurrentSkipListMap<Long, Object>> topics = new ConcurrentHashMap<>();
    private final IntSupplier capacity;

    public EventHistory(IntSupplier capacity) {
        this.capacity = capacity;
    }

    void record(String topic, long seq, Object payload) {
        if (seq <= 0) return;
        ConcurrentSkipListMap<Long, Object> m = topics.computeIfAbsent(topic, t -> new ConcurrentSkipListMap<>());
        m.put(seq, payload);
        int cap = Math.max(1, capacity.getAsInt());
        while (m.size() > cap) m.pollFirstEntry();
    }

    void forget(String topic) {
        topics.remove(topic);
    }

    /** Outcome of a replay request. */
    public sealed interface Replay permits Events, TooOld, NotYet {
    }

    /** Every event in the asked range, in order. */
    public record Events(List<Entry> entries) implements Replay {
    }

    /** Part of the range is no longer kept. */
    public record TooOld() implements Replay {
    }

    /** Some events of the range are published but not recorded yet (a publisher is between the two): ask again. */
    public record NotYet() implements Replay {
    }

    /**
     * Cluster mode (numbers come from the log, contiguous per topic): every remembered event after
     * {@code since}, or null when the history does not reach back to {@code since + 1} or that is
     * more than the capacity (the caller then asks the cluster log, which applies the same limit).
     */
    public Events after(String topic, long since) {
        ConcurrentSkipListMap<Long, Object> m = topics.get(topic);
        if (m == null || m.isEmpty() || m.firstKey() > since + 1) return null;
        List<Entry> out = new ArrayList<>();
        for (Map.Entry<Long, Object> e : m.tailMap(since, false).entrySet()) out.add(new Entry(e.getKey(), e.getValue()));
        // the reader may have trimmed the oldest entries meanwhile; a lowered capacity applies at once
        if (out.size() > Math.max(1, capacity.getAsInt())) return null;
        return out.isEmpty() || out.get(0).seq() == since + 1 ? new Events(out) : null;
    }

    /** The events with {@code since < seq <= upTo}. */
    public Replay range(String topic, long since, long upTo) {
        if (upTo <= since) return new Events(List.of());
        ConcurrentSkipListMap<Long, Object> m = topics.get(topic);
        if (m == null || m.isEmpty()) return since >= upTo ? new Events(List.of()) : new TooOld();
        if (m.firstKey() > since + 1) return new TooOld();
        List<Entry> out = new ArrayList<>();
        long expect = since + 1;
        for (Map.Entry<Long, Object> e : m.subMap(since, false, upTo, true).entrySet()) {
            if (e.getKey() != expect) return new NotYet();
            out.add(new Entry(e.getKey(), e.getValue()));
            expect++;
        }
        return expect == upTo + 1 ? new Events(out) : new NotYet();
    }
}

package io.switchboard.net;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Open and total connections per protocol, for {@code /statistics} and {@code /metrics}. */
public final class ConnectionStats {
    private final Map<String, AtomicLong> open = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> total = new ConcurrentHashMap<>();

    public void opened(String protocol) {
        open.computeIfAbsent(protocol, k -> new AtomicLong()).incrementAndGet();
        total.computeIfAbsent(protocol, k -> new LongAdder()).increment();
    }

    public void closed(String protocol) {
        open.computeIfAbsent(protocol, k -> new AtomicLong()).decrementAndGet();
    }

    public Map<String, Long> openByProtocol() {
        Map<String, Long> out = new TreeMap<>();
        open.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    public Map<String, Long> totalByProtocol() {
        Map<String, Long> out = new TreeMap<>();
        total.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}

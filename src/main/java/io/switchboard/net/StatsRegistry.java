package io.switchboard.net;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Sections of {@code /statistics} contributed by each subsystem (the router's delivery counts,
 * a protocol's sessions ...), read on demand so nothing is computed when nobody asks.
 */
public final class StatsRegistry {
    private final Map<String, Supplier<Object>> sections = new ConcurrentHashMap<>();

    public void register(String section, Supplier<Object> supplier) {
        sections.put(section, supplier);
    }

    public Map<String, Object> snapshot() {
        Map<String, Object> out = new LinkedHashMap<>();
        new java.util.TreeMap<>(sections).forEach((k, v) -> out.put(k, v.get()));
        return out;
    }
}

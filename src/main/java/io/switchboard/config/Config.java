package io.switchboard.config;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * The effective configuration, layered as config.md says:
 * built-in default &lt; config file &lt; stored through {@code /_config} &lt; environment &lt; {@code --set}.
 * Environment and {@code --set} are per-node overrides; the stored layer is shared by all nodes.
 * Reads are lock-free map lookups; listeners hear about changes of the effective value.
 */
public final class Config {
    private final Map<String, String> file;
    private final Map<String, String> stored = new ConcurrentHashMap<>();
    private final Map<String, String> environment;
    private final Map<String, String> commandLine;
    private final CopyOnWriteArrayList<BiConsumer<String, String>> listeners = new CopyOnWriteArrayList<>();

    public Config(Map<String, String> file, Map<String, String> environment, Map<String, String> commandLine) {
        this.file = Map.copyOf(file);
        this.environment = Map.copyOf(environment);
        this.commandLine = Map.copyOf(commandLine);
    }

    /** Only defaults and {@code --set}-style overrides: for tests and tools. */
    public static Config of(Map<String, String> overrides) {
        return new Config(Map.of(), Map.of(), overrides);
    }

    public String get(ConfigKey key) {
        return get(key.name());
    }

    /** The effective value of a key, "" when unset and without a default. */
    public String get(String name) {
        String v = commandLine.get(name);
        if (v == null) v = environment.get(name);
        if (v == null) v = stored.get(name);
        if (v == null) v = file.get(name);
        if (v == null) {
            ConfigKey key = ConfigKeys.find(name);
            v = key == null ? "" : key.defaultValue();
        }
        return v;
    }

    public int getInt(ConfigKey key) {
        return (int) getLong(key);
    }

    public long getLong(ConfigKey key) {
        String v = get(key).trim();
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            // a bad stored value must not take the server down: fall back to the default and say so
            org.slf4j.LoggerFactory.getLogger(Config.class).warn("config {}={} is not a number, using default {}", key.name(), v, key.defaultValue());
            return Long.parseLong(key.defaultValue());
        }
    }

    public double getDouble(ConfigKey key) {
        String v = get(key).trim();
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return Double.parseDouble(key.defaultValue());
        }
    }

    public boolean getBoolean(ConfigKey key) {
        return "true".equalsIgnoreCase(get(key).trim());
    }

    /** True when an environment variable or {@code --set} pins the key on this node. */
    public boolean isOverridden(String name) {
        return commandLine.containsKey(name) || environment.containsKey(name);
    }

    /** Replaces the whole stored layer (loaded from the database at start or after a cluster change). */
    public void loadStored(Map<String, String> values) {
        for (String k : Map.copyOf(stored).keySet()) {
            if (!values.containsKey(k)) removeStored(k);
        }
        values.forEach(this::setStored);
    }

    public void setStored(String name, String value) {
        String before = get(name);
        stored.put(name, value);
        fireIfChanged(name, before);
    }

    public void removeStored(String name) {
        String before = get(name);
        stored.remove(name);
        fireIfChanged(name, before);
    }

    private void fireIfChanged(String name, String before) {
        String after = get(name);
        if (!Objects.equals(before, after)) {
            for (BiConsumer<String, String> l : listeners) {
                try {
                    l.accept(name, after);
                } catch (RuntimeException e) {
                    org.slf4j.LoggerFactory.getLogger(Config.class).warn("config listener failed for {}", name, e);
                }
            }
        }
    }

    /** Called with (key, new effective value) whenever an effective value changes. */
    public void addListener(BiConsumer<String, String> listener) {
        listeners.add(listener);
    }

    /** Calls {@code onValue} now and after every change of this key. */
    public void watch(ConfigKey key, java.util.function.Consumer<String> onValue) {
        onValue.accept(get(key));
        addListener((name, value) -> {
            if (name.equals(key.name())) onValue.accept(value);
        });
    }

    /** Every known or set key with its effective value, secrets left out. */
    public Map<String, String> effectiveView() {
        Map<String, String> out = new TreeMap<>();
        for (ConfigKey k : ConfigKeys.all()) {
            if (!k.secret()) out.put(k.name(), get(k));
        }
        for (Map<String, String> layer : java.util.List.of(file, stored, environment, commandLine)) {
            for (String name : layer.keySet()) {
                ConfigKey k = ConfigKeys.find(name);
                if (k == null) out.put(name, get(name));
            }
        }
        return out;
    }
}

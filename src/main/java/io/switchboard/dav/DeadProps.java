package io.switchboard.dav;

import com.fasterxml.jackson.core.type.TypeReference;
import io.switchboard.Json;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Dead properties of one file space (RFC 4918 §4): path key to property key ({ns}local) to the
 * property element as XML text. Kept in memory and written to one JSON file on each change.
 */
final class DeadProps {
    private static final TypeReference<Map<String, LinkedHashMap<String, String>>> TYPE = new TypeReference<>() {
    };
    private final Path file;
    private final Map<String, LinkedHashMap<String, String>> byPath;

    DeadProps(Path file) throws IOException {
        this.file = file;
        this.byPath = Files.exists(file) ? Json.MAPPER.readValue(file.toFile(), TYPE) : new HashMap<>();
    }

    synchronized Map<String, String> get(DavPath p) {
        LinkedHashMap<String, String> m = byPath.get(p.key());
        return m == null ? Map.of() : new LinkedHashMap<>(m);
    }

    /** Applies sets (key to XML) and removals (value null) in order, all or nothing, then persists. */
    synchronized void apply(DavPath p, List<Map.Entry<String, String>> changes) throws IOException {
        LinkedHashMap<String, String> m = new LinkedHashMap<>(byPath.getOrDefault(p.key(), new LinkedHashMap<>()));
        for (Map.Entry<String, String> c : changes) {
            if (c.getValue() == null) m.remove(c.getKey());
            else m.put(c.getKey(), c.getValue());
        }
        if (m.isEmpty()) byPath.remove(p.key());
        else byPath.put(p.key(), m);
        save();
    }

    synchronized void delete(DavPath p) throws IOException {
        if (byPath.keySet().removeIf(k -> k.equals(p.key()) || k.startsWith(p.key() + "/"))) save();
    }

    /** Copies (or moves) the properties of {@code from} and everything under it to {@code to}. */
    synchronized void copy(DavPath from, DavPath to, boolean move, boolean infinite) throws IOException {
        String f = from.key(), t = to.key();
        byPath.keySet().removeIf(k -> k.equals(t) || k.startsWith(t + "/"));
        Map<String, LinkedHashMap<String, String>> add = new HashMap<>();
        for (Map.Entry<String, LinkedHashMap<String, String>> e : byPath.entrySet()) {
            String k = e.getKey();
            if (k.equals(f) || (infinite && k.startsWith(f + "/"))) add.put(t + k.substring(f.length()), new LinkedHashMap<>(e.getValue()));
        }
        if (move) byPath.keySet().removeIf(k -> k.equals(f) || k.startsWith(f + "/"));
        byPath.putAll(add);
        save();
    }

    private void save() throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        byte[] bytes = Json.MAPPER.writeValueAsBytes(byPath);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(java.nio.ByteBuffer.wrap(bytes));
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}

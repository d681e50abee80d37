package io.switchboard.entity;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The entity tables known right now. Tables created at run time appear here the moment their DDL
 * commits, which is why no restart is needed; listeners (topic creation) hear about each new one.
 */
public final class SchemaRegistry {
    private final Map<String, EntitySchema> tables = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<Consumer<EntitySchema>> onAdded = new CopyOnWriteArrayList<>();

    public EntitySchema find(String table) {
        return table == null ? null : tables.get(table);
    }

    /** The schema or a 404 EntityException naming the unknown table. */
    public EntitySchema require(String table) {
        EntitySchema s = find(table);
        if (s == null) throw EntityException.notFound("unknown entity type: " + table);
        return s;
    }

    public void put(EntitySchema schema) {
        EntitySchema before = tables.put(schema.tableName(), schema);
        if (before == null) onAdded.forEach(l -> l.accept(schema));
    }

    public void remove(String table) {
        tables.remove(table);
    }

    public Collection<EntitySchema> all() {
        return List.copyOf(tables.values());
    }

    public void onTableAdded(Consumer<EntitySchema> listener) {
        onAdded.add(listener);
    }
}

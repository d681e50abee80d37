package io.switchboard.dav;

import io.switchboard.Server;
import io.switchboard.auth.Permission;
import io.switchboard.entity.EntityEvent;
import io.switchboard.entity.EntityRow;
import io.switchboard.entity.EntitySchema;
import io.switchboard.store.Database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Calendars or address books and their items in the entity tables, with a per-collection revision
 * counter (the ctag and sync token) bumped in the same transaction as every change, tombstones
 * for deletes, and an entity event published after each commit.
 */
final class CollectionStore {
    enum Kind {
        CALENDAR(DavTables.CALENDAR, DavTables.CALENDAR_ITEM, "calendar"),
        ADDRESSBOOK(DavTables.ADDRESSBOOK, DavTables.ADDRESSBOOK_ITEM, "addressbook");

        final EntitySchema coll;
        final EntitySchema item;
        final String fk;

        Kind(EntitySchema coll, EntitySchema item, String fk) {
            this.coll = coll;
            this.item = item;
            this.fk = fk;
        }
    }

    /** {@code properties}: dead properties as JSON, {@code {ns}local} to the property element's XML. */
    record Coll(String id, String owner, String name, String displayName, String color, String description, String components,
                long revision, String properties) {
    }

    record Item(String id, String name, String uid, String etag, String component, String data, Long startAt, Long endAt,
                boolean recurring, long revision) {
    }

    /** What validation learnt from an uploaded object. */
    record Parsed(String uid, String component, Long startAt, Long endAt, boolean recurring) {
    }

    record Changes(List<Item> changed, List<String> deleted, long revision) {
    }

    /** The item columns every item SELECT starts with, in this order ({@link #item(ResultSet, boolean)} reads them by position). */
    private static final String ITEM_COLS = "\"reference_id\", \"name\", \"uid\", \"etag\", \"component\", \"start_at\", \"end_at\", \"recurring\", \"revision\"";

    final Kind kind;
    private final Server server;
    private final Database db;
    private final String collTable;
    private final String itemTable;
    private final String fk;

    CollectionStore(Server server, Kind kind) {
        this.kind = kind;
        this.server = server;
        this.db = server.database();
        this.collTable = q(kind.coll.tableName());
        this.itemTable = q(kind.item.tableName());
        this.fk = q(kind.fk);
    }

    private static String q(String s) {
        return "\"" + s + "\"";
    }

    void init() throws SQLException {
        db.withConnection(c -> {
            try (Statement s = c.createStatement()) {
                for (String ddl : DavTables.indexes()) s.execute(ddl);
            }
            return null;
        });
    }

    // ---------------------------------------------------------------- collections

    List<Coll> collections(String owner) throws SQLException {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + collTable + " WHERE \"owner\" = ? ORDER BY \"name\"")) {
                ps.setString(1, owner);
                List<Coll> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(coll(rs));
                }
                return out;
            }
        });
    }

    Coll collection(String owner, String name) throws SQLException {
        return db.withConnection(c -> collection(c, owner, name, false));
    }

    private Coll collection(Connection c, String owner, String name, boolean forUpdate) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + collTable + " WHERE \"owner\" = ? AND \"name\" = ?"
                + (forUpdate ? " FOR UPDATE" : ""))) {
            ps.setString(1, owner);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? coll(rs) : null;
            }
        }
    }

    private static Coll coll(ResultSet rs) throws SQLException {
        return new Coll(rs.getString("reference_id"), rs.getString("owner"), rs.getString("name"), rs.getString("display_name"),
                rs.getString("color"), rs.getString("description"), rs.getString("components"), rs.getLong("sync_revision"),
                rs.getString("properties"));
    }

    Coll create(String owner, String name, String path, Map<String, Object> props) throws SQLException {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("path", path);
        values.put("name", name);
        values.put("sync_revision", 0L);
        values.put("ctag", "0");
        values.putAll(props);
        EntityRow row = db.inTransaction(c -> {
            if (collection(c, owner, name, false) != null) throw new DavException(405, Replies.EXISTS, "<D:resource-must-be-null/>");
            return server.store().insert(c, kind.coll, UUID.randomUUID().toString(), owner, Permission.OWNER_ALL, values, List.of());
        });
        publish(kind.coll.tableName(), EntityEvent.Type.CREATE, row, owner);
        return collection(owner, name);
    }

    void updateProps(Coll coll, Map<String, Object> props) throws SQLException {
        if (props.isEmpty()) return;
        StringBuilder set = new StringBuilder("\"updated_at\" = ?");
        for (String k : props.keySet()) set.append(", ").append(q(k)).append(" = ?");
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + collTable + " SET " + set + " WHERE \"reference_id\" = ?")) {
                int i = 1;
                ps.setObject(i++, java.sql.Timestamp.from(Instant.now()));
                for (Object v : props.values()) ps.setObject(i++, v);
                ps.setString(i, coll.id());
                ps.executeUpdate();
            }
            return null;
        });
        Map<String, Object> attrs = new LinkedHashMap<>(props);
        attrs.put("reference_id", coll.id());
        attrs.put("name", coll.name());
        publish(kind.coll.tableName(), EntityEvent.Type.UPDATE, row(kind.coll.tableName(), coll.id(), coll.owner(), attrs), coll.owner());
    }

    void deleteCollection(Coll coll) throws SQLException {
        db.inTransaction(c -> {
            exec(c, "DELETE FROM " + itemTable + " WHERE " + fk + " = ?", coll.id());
            exec(c, "DELETE FROM \"dav_tombstone\" WHERE \"collection\" = ?", coll.id());
            exec(c, "DELETE FROM " + collTable + " WHERE \"reference_id\" = ?", coll.id());
            return null;
        });
        publish(kind.coll.tableName(), EntityEvent.Type.DELETE,
                row(kind.coll.tableName(), coll.id(), coll.owner(), Map.of("reference_id", coll.id(), "name", coll.name())), coll.owner());
    }

    private static void exec(Connection c, String sql, String arg) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            ps.executeUpdate();
        }
    }

    // ---------------------------------------------------------------- items

    /** All items; with or without their data. */
    List<Item> items(Coll coll, boolean withData) throws SQLException {
        return query("SELECT " + ITEM_COLS + (withData ? ", \"data\"" : "") + " FROM " + itemTable + " WHERE " + fk + " = ? ORDER BY \"name\"",
                withData, coll.id());
    }

    Item item(Coll coll, String name) throws SQLException {
        List<Item> l = query("SELECT " + ITEM_COLS + ", \"data\" FROM " + itemTable + " WHERE " + fk + " = ? AND \"name\" = ?", true, coll.id(), name);
        return l.isEmpty() ? null : l.get(0);
    }

    /**
     * Candidates for a time-range query (RFC 4791 §9.9): items of the component whose stored span
     * overlaps [start, end) — exact for single instances; recurring ones are checked by the caller.
     * Null bounds are open.
     */
    List<Item> candidates(Coll coll, String component, Long start, Long end) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + ITEM_COLS + ", \"data\" FROM " + itemTable + " WHERE " + fk + " = ?");
        List<Object> args = new ArrayList<>(List.of(coll.id()));
        if (component != null) {
            sql.append(" AND \"component\" = ?");
            args.add(component);
        }
        if (end != null) {
            sql.append(" AND (\"start_at\" IS NULL OR \"start_at\" < ?)");
            args.add(end);
        }
        if (start != null) {
            sql.append(" AND (\"end_at\" IS NULL OR \"end_at\" > ? OR (\"end_at\" = \"start_at\" AND \"start_at\" >= ?))");
            args.add(start);
            args.add(start);
        }
        sql.append(" ORDER BY \"name\"");
        return query(sql.toString(), true, args.toArray());
    }

    private List<Item> query(String sql, boolean withData, Object... args) throws SQLException {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
                List<Item> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(item(rs, withData));
                }
                return out;
            }
        });
    }

    /**
     * One row selected as {@link #ITEM_COLS} (then "data" when {@code withData}), read by position:
     * a query reads hundreds of rows and a lookup by column name per value showed in profiles.
     */
    private static Item item(ResultSet rs, boolean withData) throws SQLException {
        long s = rs.getLong(6);
        Long start = rs.wasNull() ? null : s;
        long e = rs.getLong(7);
        Long end = rs.wasNull() ? null : e;
        return new Item(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), withData ? rs.getString(10) : null, start, end, rs.getBoolean(8), rs.getLong(9));
    }

    /** The result of a PUT: whether it created the item, and its new entity tag. */
    record PutResult(boolean created, String etag) {
    }

    /**
     * Stores an item (RFC 4791 §5.3.2): the collection must exist (409), If-Match/If-None-Match
     * hold (412), the UID be unique in the collection (403 no-uid-conflict). Durable on return.
     */
    PutResult put(String owner, String collName, String name, String data, Parsed p, String ifMatch, String ifNoneMatch,
                  String hrefBase) throws SQLException {
        String etag = "\"" + Long.toHexString(Hashing.hash64(data)) + "\"";
        Object[] event = new Object[2];
        PutResult r = db.inTransaction(c -> {
            Coll coll = collection(c, owner, collName, true);
            if (coll == null) throw new DavException(409, Replies.NO_PARENT);
            Item old = itemFor(c, coll.id(), name);
            String oldEtag = old == null ? null : old.etag();
            if (ifMatch != null && !Conditions.matches(ifMatch, oldEtag)) throw new DavException(412, Replies.PRECONDITION);
            if (ifNoneMatch != null && oldEtag != null && Conditions.matches(ifNoneMatch, oldEtag)) throw new DavException(412, Replies.PRECONDITION);
            try (PreparedStatement ps = c.prepareStatement("SELECT \"name\" FROM " + itemTable + " WHERE " + fk + " = ? AND \"uid\" = ? AND \"name\" <> ?")) {
                ps.setString(1, coll.id());
                ps.setString(2, p.uid());
                ps.setString(3, name);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        String pre = kind == Kind.CALENDAR ? "C:no-uid-conflict" : "CR:no-uid-conflict";
                        throw new DavException(403, Replies.UID_CONFLICT, "<" + pre + "><D:href>" + DavXml.escape(hrefBase + DavPath.encode(rs.getString(1)))
                                + "</D:href></" + pre + ">");
                    }
                }
            }
            long rev = bump(c, coll);
            Map<String, Object> values = new LinkedHashMap<>();
            values.put(kind.fk, coll.id());
            values.put("name", name);
            values.put("uid", p.uid());
            values.put("etag", etag);
            values.put("component", p.component());
            values.put("data", data);
            values.put("start_at", p.startAt());
            values.put("end_at", p.endAt());
            values.put("recurring", p.recurring());
            values.put("revision", rev);
            if (old == null) {
                event[0] = insertItem(c, owner, values);
                event[1] = EntityEvent.Type.CREATE;
            } else {
                try (PreparedStatement ps = c.prepareStatement("UPDATE " + itemTable + " SET \"uid\" = ?, \"etag\" = ?, \"component\" = ?, \"data\" = ?, "
                        + "\"start_at\" = ?, \"end_at\" = ?, \"recurring\" = ?, \"revision\" = ?, \"updated_at\" = ? WHERE \"reference_id\" = ?")) {
                    ps.setString(1, p.uid());
                    ps.setString(2, etag);
                    ps.setString(3, p.component());
                    ps.setString(4, data);
                    setLong(ps, 5, p.startAt());
                    setLong(ps, 6, p.endAt());
                    ps.setBoolean(7, p.recurring());
                    ps.setLong(8, rev);
                    ps.setObject(9, java.sql.Timestamp.from(Instant.now()));
                    ps.setString(10, old.id());
                    ps.executeUpdate();
                }
                Map<String, Object> attrs = new LinkedHashMap<>(values);
                attrs.put("reference_id", old.id());
                event[0] = row(kind.item.tableName(), old.id(), owner, attrs);
                event[1] = EntityEvent.Type.UPDATE;
            }
            return new PutResult(old == null, etag);
        });
        publish(kind.item.tableName(), (EntityEvent.Type) event[1], (EntityRow) event[0], owner);
        return r;
    }

    /** A plain INSERT of an item row (the hot path of PUT: no read-back, the event row is built here). */
    private EntityRow insertItem(Connection c, String owner, Map<String, Object> values) throws SQLException {
        String id = UUID.randomUUID().toString();
        java.time.OffsetDateTime now = java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC);
        StringBuilder cols = new StringBuilder("\"reference_id\", \"permission\", \"owner\", \"created_at\", \"updated_at\"");
        StringBuilder marks = new StringBuilder("?, ?, ?, ?, ?");
        for (String k : values.keySet()) {
            cols.append(", ").append(q(k));
            marks.append(", ?");
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + itemTable + " (" + cols + ") VALUES (" + marks + ")")) {
            int i = 1;
            ps.setString(i++, id);
            ps.setInt(i++, Permission.OWNER_ALL);
            ps.setString(i++, owner);
            ps.setObject(i++, now);
            ps.setObject(i++, now);
            for (Object v : values.values()) {
                if (v == null) ps.setNull(i++, Types.BIGINT);
                else ps.setObject(i++, v);
            }
            ps.executeUpdate();
        }
        Map<String, Object> attrs = new LinkedHashMap<>(values);
        attrs.put("created_at", now.toString());
        attrs.put("updated_at", now.toString());
        return row(kind.item.tableName(), id, owner, attrs);
    }

    private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) ps.setNull(i, Types.BIGINT);
        else ps.setLong(i, v);
    }

    private Item itemFor(Connection c, String collId, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + ITEM_COLS + " FROM " + itemTable + " WHERE " + fk + " = ? AND \"name\" = ?")) {
            ps.setString(1, collId);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? item(rs, false) : null;
            }
        }
    }

    /** Increments and returns the collection's revision; the row lock serialises writers of one collection. */
    private long bump(Connection c, Coll coll) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + collTable + " SET \"sync_revision\" = \"sync_revision\" + 1, \"ctag\" = "
                + "CAST(\"sync_revision\" + 1 AS VARCHAR(64)) WHERE \"reference_id\" = ?")) {
            ps.setString(1, coll.id());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT \"sync_revision\" FROM " + collTable + " WHERE \"reference_id\" = ?")) {
            ps.setString(1, coll.id());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Deletes an item (If-Match checked), leaving a tombstone for sync-collection. */
    void deleteItem(String owner, String collName, String name, String ifMatch) throws SQLException {
        Item[] gone = new Item[1];
        db.inTransaction(c -> {
            Coll coll = collection(c, owner, collName, true);
            if (coll == null) throw new DavException(404, Replies.NOT_FOUND);
            Item old = itemFor(c, coll.id(), name);
            if (old == null) throw new DavException(404, Replies.NOT_FOUND);
            if (ifMatch != null && !Conditions.matches(ifMatch, old.etag())) throw new DavException(412, Replies.PRECONDITION);
            long rev = bump(c, coll);
            exec(c, "DELETE FROM " + itemTable + " WHERE \"reference_id\" = ?", old.id());
            server.store().insert(c, DavTables.DAV_TOMBSTONE, UUID.randomUUID().toString(), owner, Permission.OWNER_ALL,
                    Map.of("collection", coll.id(), "name", name, "revision", rev), List.of());
            gone[0] = old;
            return null;
        });
        publish(kind.item.tableName(), EntityEvent.Type.DELETE, row(kind.item.tableName(), gone[0].id(), owner,
                Map.of("reference_id", gone[0].id(), "name", name, "uid", gone[0].uid())), owner);
    }

    /**
     * Items changed and names deleted after revision {@code since} up to the collection's current
     * revision, which becomes the new token (RFC 6578 §3.2). The revision is read first, so a write
     * racing with this report shows up in the next one rather than being skipped.
     */
    Changes changes(Coll coll, long since) throws SQLException {
        Coll now = collection(coll.owner(), coll.name());
        long rev = now == null ? coll.revision() : now.revision();
        List<Item> changed = query("SELECT " + ITEM_COLS + " FROM " + itemTable + " WHERE " + fk + " = ? AND \"revision\" > ? AND \"revision\" <= ? "
                + "ORDER BY \"revision\"", false, coll.id(), since, rev);
        java.util.Set<String> present = new java.util.HashSet<>();
        for (Item i : changed) present.add(i.name());
        List<String> deleted = new ArrayList<>();
        db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT \"name\" FROM \"dav_tombstone\" WHERE \"collection\" = ? "
                    + "AND \"revision\" > ? AND \"revision\" <= ?")) {
                ps.setString(1, coll.id());
                ps.setLong(2, since);
                ps.setLong(3, rev);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) if (!present.contains(rs.getString(1))) deleted.add(rs.getString(1));
                }
            }
            // a name deleted and created again since the token is a change, not a deletion
            if (!deleted.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement("SELECT \"name\" FROM " + itemTable + " WHERE " + fk + " = ? AND \"revision\" <= ?")) {
                    ps.setString(1, coll.id());
                    ps.setLong(2, rev);
                    java.util.Set<String> live = new java.util.HashSet<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) live.add(rs.getString(1));
                    }
                    deleted.removeIf(live::contains);
                }
            }
            return null;
        });
        return new Changes(changed, deleted, rev);
    }

    // ---------------------------------------------------------------- events

    private static EntityRow row(String table, String id, String owner, Map<String, Object> attrs) {
        Map<String, Object> a = new LinkedHashMap<>(attrs);
        a.put("reference_id", id);
        a.put("owner", owner);
        a.put("permission", Permission.OWNER_ALL);
        return new EntityRow(table, id, owner, Permission.OWNER_ALL, List.of(), a);
    }

    private void publish(String table, EntityEvent.Type type, EntityRow row, String actor) {
        server.store().publish(new EntityEvent(table, type, row, null, actor, Instant.now()));
    }
}

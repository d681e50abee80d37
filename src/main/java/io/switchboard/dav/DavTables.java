package io.switchboard.dav;

import io.switchboard.auth.Permission;
import io.switchboard.entity.ColumnSpec;
import io.switchboard.entity.EntitySchema;

import java.util.List;

import static io.switchboard.entity.BuiltinTables.builtin;

/**
 * The DAV tables (builtin-tables.md): calendars and address books with their items, and the
 * tombstones that make sync tokens durable across deletes (RFC 6578 §3.5). Rows are private to
 * their owner; signed-in users may see the tables' shape.
 */
final class DavTables {
    private DavTables() {
    }

    static final EntitySchema CALENDAR = collection("calendar");
    static final EntitySchema CALENDAR_ITEM = item("calendar_item", "calendar");
    static final EntitySchema ADDRESSBOOK = collection("addressbook");
    static final EntitySchema ADDRESSBOOK_ITEM = item("addressbook_item", "addressbook");

    /** A calendar or address book: the two kinds of collection have the same columns. */
    private static EntitySchema collection(String table) {
        return builtin(table, Permission.OWNER_ALL, Permission.GROUP_PEEK_READ,
                new ColumnSpec("path", "label", "varchar(600)", false, true),
                new ColumnSpec("name", "label", "varchar(255)", false, false),
                new ColumnSpec("display_name", "label", "varchar(500)", true, false),
                new ColumnSpec("color", "color", "varchar(32)", true, false),
                new ColumnSpec("description", "content", "", true, false),
                new ColumnSpec("components", "label", "varchar(100)", true, false),
                new ColumnSpec("sync_revision", "measurement", "int", false, false),
                new ColumnSpec("ctag", "label", "varchar(64)", true, false),
                new ColumnSpec("properties", "content", "", true, false));
    }

    /** One object resource of a collection ({@code collectionColumn} refers to it); vCards leave the time columns empty. */
    private static EntitySchema item(String table, String collectionColumn) {
        return builtin(table, Permission.OWNER_ALL, Permission.GROUP_PEEK_READ,
                new ColumnSpec(collectionColumn, "reference", "varchar(36)", false, false),
                new ColumnSpec("name", "label", "varchar(255)", false, false),
                new ColumnSpec("uid", "label", "varchar(500)", false, false),
                new ColumnSpec("etag", "label", "varchar(80)", false, false),
                new ColumnSpec("component", "label", "varchar(20)", false, false),
                new ColumnSpec("data", "content", "", false, false),
                new ColumnSpec("start_at", "measurement", "int", true, false),
                new ColumnSpec("end_at", "measurement", "int", true, false),
                new ColumnSpec("recurring", "truefalse", "", true, false),
                new ColumnSpec("revision", "measurement", "int", false, false));
    }

    /** One deleted member of a collection and the revision that deleted it. */
    static final EntitySchema DAV_TOMBSTONE = builtin("dav_tombstone", Permission.OWNER_ALL, 0,
            new ColumnSpec("collection", "reference", "varchar(36)", false, false),
            new ColumnSpec("name", "label", "varchar(255)", false, false),
            new ColumnSpec("revision", "measurement", "int", false, false));

    static List<EntitySchema> all() {
        return List.of(CALENDAR, CALENDAR_ITEM, ADDRESSBOOK, ADDRESSBOOK_ITEM, DAV_TOMBSTONE);
    }

    /** Lookup indexes and the per-collection uniqueness of names and UIDs (RFC 4791 §5.3.2.1, RFC 6352 §6.3.2.1). */
    static List<String> indexes() {
        List<String> out = new java.util.ArrayList<>();
        for (String[] t : new String[][]{{"calendar_item", "calendar"}, {"addressbook_item", "addressbook"}}) {
            String item = t[0], coll = t[1];
            out.add("CREATE UNIQUE INDEX IF NOT EXISTS " + item + "_coll_name ON \"" + item + "\" (\"" + coll + "\", \"name\")");
            out.add("CREATE UNIQUE INDEX IF NOT EXISTS " + item + "_coll_uid ON \"" + item + "\" (\"" + coll + "\", \"uid\")");
            out.add("CREATE INDEX IF NOT EXISTS " + item + "_coll_rev ON \"" + item + "\" (\"" + coll + "\", \"revision\")");
            out.add("CREATE INDEX IF NOT EXISTS " + coll + "_owner ON \"" + coll + "\" (\"owner\")");
        }
        out.add("CREATE INDEX IF NOT EXISTS calendar_item_coll_start ON \"calendar_item\" (\"calendar\", \"start_at\")");
        out.add("CREATE INDEX IF NOT EXISTS dav_tombstone_coll_rev ON \"dav_tombstone\" (\"collection\", \"revision\")");
        return out;
    }
}

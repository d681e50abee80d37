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

    static final EntitySchema CALENDAR = builtin("calendar", Permission.OWNER_ALL, Permission.GROUP_PEEK_READ,
            new ColumnSpec("path", "label", "varchar(600)", false, true),
            new ColumnSpec("name", "label", "varchar(255)", false, false),
            new ColumnSpec("display_name", "label", "varchar(500)", true, false),
            new ColumnSpec("color", "color", "varchar(32)", true, false),
            new ColumnSpec("description", "content", "", true, false),
            new ColumnSpec("components", "label", "varchar(100)", true, false),
            new ColumnSpec("sync_revision", "measurement", "int", false, false),
            new ColumnSpec("ctag", "label", "varchar(64)", true, false),
            new ColumnSpec("properties", "content", "", true, false));

    static final EntitySchema CALENDAR_ITEM = builtin("calendar_item", Permission.OWNER_ALL, Permission.GROUP_PEEK_READ,
            new ColumnSpec("calendar", "reference", "varchar(36)", false, false),
            new ColumnSpec("name", "label", "varchar(255)", false, false),
            new ColumnSpec("uid", "label", "varchar(500)", false, false),
            new ColumnSpec("etag", "label", "varchar(80)", false, false),
            new ColumnSpec("component", "label", "varchar(20)", false, false),
            new ColumnSpec("data", "content", "", false, false),
            new ColumnSpec("start_at", "measurement", "int", true, false),
            new ColumnSpec("end_at", "measurement", "int", true, false),
            new ColumnSpec("recurring", "truefalse", "", true, false),
            new ColumnSpec("revision", "measurement", "int", false, false));

    static final EntitySchema ADDRESSBOOK = builtin("addressbook", Permission.OWNER_ALL, Permission.GROUP_PEEK_READ,
            new ColumnSpec("path", "label", "varchar(600)", false, true),
            new ColumnSpec("name", "label", "varchar(255)", false, false),
            new ColumnSpec("display_name", "label", "varchar(500)", true, false),
            new ColumnSpec("color", "color", "varchar(32)", true, false),
            new ColumnSpec("description", "content", "", true, false),
            new ColumnSpec("components", "label", "varchar(100)", true, false),
            new ColumnSpec("sync_revision", "measurement", "int", false, false),
            new ColumnSpec("ctag", "label", "varchar(64)", true, false),
            new ColumnSpec("properties", "content", "", true, false));

    static final EntitySchema ADDRESSBOOK_ITEM = builtin("addressbook_item", Permission.OWNER_ALL, Permission.GROUP_PEEK_READ,
            new ColumnSpec("addressbook", "reference", "varchar(36)", false, false),
            new ColumnSpec("name", "label", "varchar(255)", false, false),
            new ColumnSpec("uid", "label", "varchar(500)", false, false),
            new ColumnSpec("etag", "label", "varchar(80)", false, false),
            new ColumnSpec("component", "label", "varchar(20)", false, false),
            new ColumnSpec("data", "content", "", false, false),
            new ColumnSpec("start_at", "measurement", "int", true, false),
            new ColumnSpec("end_at", "measurement", "int", true, false),
            new ColumnSpec("recurring", "truefalse", "", true, false),
            new ColumnSpec("revision", "measurement", "int", false, false));

    /** One deleted member of a collection and the revision that deleted it. */
    static final EntitySchema DAV_TOMBSTONE = builtin("dav_tombstone", Permission.OWNER_ALL, 0,
            new ColumnSpec("collection", "reference", "varchar(36)", false, false),
            new ColumnSpec("name", "label", "varchar(255)", false, false),
            new ColumnSpec("revision", "measurement", "int", false, false));

    static List<EntitySchema> all() {
        return List.of(CALENDAR, CALENDAR_ITEM, ADDRESSBOOK, ADDRESSBOOK_ITEM, DAV_TOMBSTONE);
    }

    /** Lookup indexes and the per-collection uniqueness of names and UIDs (RFC 4791 §5.3.2.1). */
    static List<String> indexes() {
        return List.of(
                "CREATE UNIQUE INDEX IF NOT EXISTS calendar_item_coll_name ON \"calendar_item\" (\"calendar\", \"name\")",
                "CREATE UNIQUE INDEX IF NOT EXISTS calendar_item_coll_uid ON \"calendar_item\" (\"calendar\", \"uid\")",
                "CREATE INDEX IF NOT EXISTS calendar_item_coll_rev ON \"calendar_item\" (\"calendar\", \"revision\")",
                "CREATE INDEX IF NOT EXISTS calendar_item_coll_start ON \"calendar_item\" (\"calendar\", \"start_at\")",
                "CREATE UNIQUE INDEX IF NOT EXISTS addressbook_item_coll_name ON \"addressbook_item\" (\"addressbook\", \"name\")",
                "CREATE UNIQUE INDEX IF NOT EXISTS addressbook_item_coll_uid ON \"addressbook_item\" (\"addressbook\", \"uid\")",
                "CREATE INDEX IF NOT EXISTS addressbook_item_coll_rev ON \"addressbook_item\" (\"addressbook\", \"revision\")",
                "CREATE INDEX IF NOT EXISTS dav_tombstone_coll_rev ON \"dav_tombstone\" (\"collection\", \"revision\")",
                "CREATE INDEX IF NOT EXISTS calendar_owner ON \"calendar\" (\"owner\")",
                "CREATE INDEX IF NOT EXISTS addressbook_owner ON \"addressbook\" (\"owner\")");
    }
}

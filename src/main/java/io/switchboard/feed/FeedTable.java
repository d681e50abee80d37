package io.switchboard.feed;

import io.switchboard.auth.Permission;
import io.switchboard.entity.BuiltinTables;
import io.switchboard.entity.ColumnSpec;
import io.switchboard.entity.EntitySchema;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The built-in {@code feed} table (shared/protocols/builtin-tables.md). Every column but the name
 * and the item table is optional; a null value means the default in {@link #DEFAULTS}, which
 * {@link FeedWrites} also fills in on create so the stored row shows what is served.
 */
final class FeedTable {
    static final String NAME = "feed";

    static final String FEED_NAME = "feed_name";
    static final String TABLE_NAME = "table_name";
    static final String TITLE = "title";
    static final String DESCRIPTION = "description";
    static final String LINK = "link";
    static final String AUTHOR_NAME = "author_name";
    static final String AUTHOR_EMAIL = "author_email";
    static final String ORDER = "order";
    static final String PAGE_SIZE = "page_size";
    /** The seed system's name for page_size, accepted on create and update. */
    static final String LIMIT_ALIAS = "limit";
    static final String ENABLE = "enable";
    static final String ENABLE_RSS = "enable_rss";
    static final String ENABLE_ATOM = "enable_atom";
    static final String ENABLE_JSON = "enable_json";
    static final String PUBLIC = "public";
    static final String ITEM_TITLE = "item_title";
    static final String ITEM_SUMMARY = "item_summary";
    static final String ITEM_CONTENT = "item_content";
    static final String ITEM_LINK = "item_link";
    static final String ITEM_AUTHOR = "item_author";
    static final String ITEM_DATE = "item_date";
    static final String ITEM_CATEGORIES = "item_categories";

    static final int DEFAULT_PAGE_SIZE = 20;
    static final String DEFAULT_ORDER = "created_at desc";

    /** Defaults of the optional columns (builtin-tables.md); item_author and item_categories have none. */
    static final Map<String, Object> DEFAULTS;

    static {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put(ORDER, DEFAULT_ORDER);
        d.put(PAGE_SIZE, DEFAULT_PAGE_SIZE);
        d.put(ENABLE, true);
        d.put(ENABLE_RSS, true);
        d.put(ENABLE_ATOM, true);
        d.put(ENABLE_JSON, true);
        d.put(PUBLIC, false);
        d.put(ITEM_TITLE, "title");
        d.put(ITEM_SUMMARY, "description");
        d.put(ITEM_CONTENT, "body");
        d.put(ITEM_LINK, "link");
        d.put(ITEM_DATE, "created_at");
        DEFAULTS = java.util.Collections.unmodifiableMap(d);
    }

    /** Signed-in users (the users group) may create feeds; rows get the usual default permission. */
    static final EntitySchema SCHEMA = BuiltinTables.builtin(NAME, Permission.DEFAULT_ROW, BuiltinTables.USER_TABLE_ACCESS,
            new ColumnSpec(FEED_NAME, "label", "varchar(200)", false, true),
            new ColumnSpec(TABLE_NAME, "label", "varchar(64)", false, false),
            new ColumnSpec(TITLE, "label", "varchar(500)", true, false),
            new ColumnSpec(DESCRIPTION, "content", "", true, false),
            new ColumnSpec(LINK, "url", "varchar(2000)", true, false),
            new ColumnSpec(AUTHOR_NAME, "label", "varchar(200)", true, false),
            new ColumnSpec(AUTHOR_EMAIL, "email", "varchar(320)", true, false),
            new ColumnSpec(ORDER, "label", "varchar(500)", true, false),
            new ColumnSpec(PAGE_SIZE, "measurement", "int", true, false),
            new ColumnSpec(ENABLE, "truefalse", "", true, false),
            new ColumnSpec(ENABLE_RSS, "truefalse", "", true, false),
            new ColumnSpec(ENABLE_ATOM, "truefalse", "", true, false),
            new ColumnSpec(ENABLE_JSON, "truefalse", "", true, false),
            new ColumnSpec(PUBLIC, "truefalse", "", true, false),
            new ColumnSpec(ITEM_TITLE, "label", "varchar(64)", true, false),
            new ColumnSpec(ITEM_SUMMARY, "label", "varchar(64)", true, false),
            new ColumnSpec(ITEM_CONTENT, "label", "varchar(64)", true, false),
            new ColumnSpec(ITEM_LINK, "label", "varchar(64)", true, false),
            new ColumnSpec(ITEM_AUTHOR, "label", "varchar(64)", true, false),
            new ColumnSpec(ITEM_DATE, "label", "varchar(64)", true, false),
            new ColumnSpec(ITEM_CATEGORIES, "label", "varchar(64)", true, false));

    private FeedTable() {
    }
}

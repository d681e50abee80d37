package io.switchboard.feed;

import io.switchboard.auth.Permission;
import io.switchboard.auth.Principal;
import io.switchboard.entity.EntityException;
import io.switchboard.entity.EntityRow;
import io.switchboard.entity.EntitySchema;
import io.switchboard.entity.ListQuery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One {@code feed} row with its defaults applied: what to serve, from which table, in which
 * order, and how item fields map to table columns. Immutable; cached by feed name until the next
 * change to the feed table.
 */
record FeedDefinition(String id, String name, String table, String title, String description, String link,
                      String authorName, String authorEmail, List<ListQuery.Sort> order, int pageSize,
                      boolean enabled, boolean rss, boolean atom, boolean json, boolean isPublic,
                      Mapping mapping, String owner, int permission, List<String> usergroups, Instant updatedAt) {

    /** Which column of the item table gives each item field; null = the field has no column. */
    record Mapping(String title, String summary, String content, String link, String author, String date, String categories) {
    }

    /** Feed names appear in URLs ({@code /feed/{name}.rss}): keep them to URL-safe characters. */
    static final Pattern VALID_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");
    private static final Pattern ORDER_TERM = Pattern.compile("(-?)([a-z][a-z0-9_]{0,62})(?:\\s+(asc|desc))?");

    static FeedDefinition from(EntityRow row) {
        Map<String, Object> a = row.attributes();
        String name = text(a, FeedTable.FEED_NAME);
        String table = text(a, FeedTable.TABLE_NAME);
        int pageSize = (int) Math.max(1, Math.min(ListQuery.MAX_PAGE_SIZE, number(a, FeedTable.PAGE_SIZE)));
        return new FeedDefinition(row.referenceId(), name, table, orDefault(text(a, FeedTable.TITLE), name),
                text(a, FeedTable.DESCRIPTION), text(a, FeedTable.LINK), text(a, FeedTable.AUTHOR_NAME),
                text(a, FeedTable.AUTHOR_EMAIL), parseOrder(orDefault(text(a, FeedTable.ORDER), FeedTable.DEFAULT_ORDER)),
                pageSize, flag(a, FeedTable.ENABLE), flag(a, FeedTable.ENABLE_RSS), flag(a, FeedTable.ENABLE_ATOM),
                flag(a, FeedTable.ENABLE_JSON), flag(a, FeedTable.PUBLIC),
                new Mapping(column(a, FeedTable.ITEM_TITLE), column(a, FeedTable.ITEM_SUMMARY), column(a, FeedTable.ITEM_CONTENT),
                        column(a, FeedTable.ITEM_LINK), column(a, FeedTable.ITEM_AUTHOR), column(a, FeedTable.ITEM_DATE),
                        column(a, FeedTable.ITEM_CATEGORIES)),
                row.owner(), row.permission(), row.usergroups(), instant(a.get("updated_at")));
    }

    boolean serves(FeedFormat f) {
        return switch (f) {
            case RSS -> rss;
            case ATOM -> atom;
            case JSON -> json;
        };
    }

    /**
     * May this caller read the feed? Public feeds are open to everyone (guests then see only the
     * guest-readable items, api.md); other feeds need read permission on the feed row.
     */
    boolean readableBy(Principal who) {
        return isPublic || Permission.allows(who, permission, owner, usergroups, Permission.Op.READ);
    }

    /**
     * Parses an order such as {@code "created_at desc"}, {@code "title asc, created_at desc"} or
     * {@code "-created_at"}. Column names are checked against the item table when listing.
     */
    static List<ListQuery.Sort> parseOrder(String order) {
        List<ListQuery.Sort> out = new ArrayList<>();
        for (String term : order.split(",")) {
            String t = term.trim().toLowerCase(Locale.ROOT);
            if (t.isEmpty()) continue;
            var m = ORDER_TERM.matcher(t);
            if (!m.matches()) throw EntityException.badRequest(FeedReplies.BAD_ORDER + order);
            boolean desc = !m.group(1).isEmpty() || "desc".equals(m.group(3));
            out.add(new ListQuery.Sort(m.group(2), desc));
        }
        if (out.isEmpty() || out.size() > 5) throw EntityException.badRequest(FeedReplies.BAD_ORDER + order);
        return List.copyOf(out);
    }

    /** The item table columns a mapping or order may name: declared ones plus the standard ones. */
    static boolean hasColumn(EntitySchema schema, String column) {
        return schema.column(column) != null || EntitySchema.STANDARD_COLUMNS.contains(column);
    }

    private static String text(Map<String, Object> a, String key) {
        Object v = a.get(key);
        return v == null ? null : v.toString();
    }

    private static String column(Map<String, Object> a, String key) {
        String v = text(a, key);
        if (v != null && !v.isBlank()) return v.trim();
        Object d = FeedTable.DEFAULTS.get(key);
        return d == null ? null : d.toString();
    }

    private static long number(Map<String, Object> a, String key) {
        Object v = a.get(key);
        return v instanceof Number n ? n.longValue() : ((Number) FeedTable.DEFAULTS.get(key)).longValue();
    }

    private static boolean flag(Map<String, Object> a, String key) {
        Object v = a.get(key);
        return v instanceof Boolean b ? b : (Boolean) FeedTable.DEFAULTS.get(key);
    }

    private static String orDefault(String v, String d) {
        return v == null || v.isBlank() ? d : v;
    }

    static Instant instant(Object v) {
        if (v == null) return null;
        try {
            return java.time.OffsetDateTime.parse(v.toString()).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            try {
                return Instant.parse(v.toString());
            } catch (java.time.format.DateTimeParseException e2) {
                return null;
            }
        }
    }
}

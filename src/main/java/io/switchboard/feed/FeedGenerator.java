package io.switchboard.feed;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.auth.Principal;
import io.switchboard.entity.ColumnSpec;
import io.switchboard.entity.EntityRow;
import io.switchboard.entity.EntitySchema;
import io.switchboard.entity.EntityStore;
import io.switchboard.entity.ListQuery;
import io.switchboard.store.Database;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one page of a feed's items with the caller's permission ({@link EntityStore#list}) and
 * maps them to {@link FeedItem}s. Blocking: runs on the blocking executor, only on a cache miss.
 */
final class FeedGenerator {
    private static final int MAX_CATEGORIES = 50;

    private final EntityStore store;
    private final Database db;

    FeedGenerator(EntityStore store) {
        this.store = store;
        this.db = store.database();
    }

    FeedPage page(FeedDefinition feed, Principal who, int pageNumber, String baseUrl, Instant lastChange) throws SQLException {
        ListQuery.Page rows = store.list(who, feed.table(), new ListQuery(pageNumber, feed.pageSize(), feed.order(), List.of()));
        EntitySchema schema = store.registry().require(feed.table());
        Set<String> people = new LinkedHashSet<>();
        if (feed.owner() != null) people.add(feed.owner());
        boolean ownerIsAuthor = feed.mapping().author() == null || feed.mapping().author().equals("owner");
        if (ownerIsAuthor) for (EntityRow r : rows.rows()) if (r.owner() != null) people.add(r.owner());
        Map<String, String> names = names(people);
        Instant updated = max(feed.updatedAt(), lastChange);
        List<FeedItem> items = new ArrayList<>(rows.rows().size());
        for (EntityRow r : rows.rows()) {
            FeedItem it = item(feed, schema, r, baseUrl, ownerIsAuthor ? names.get(r.owner()) : null);
            items.add(it);
            updated = max(updated, it.updated());
            updated = max(updated, it.published());
        }
        if (updated == null) updated = Instant.EPOCH;
        String author = feed.authorName() != null && !feed.authorName().isBlank() ? feed.authorName() : names.get(feed.owner());
        return new FeedPage(feed, items, pageNumber, rows.lastPage(), baseUrl, author, updated);
    }

    private static FeedItem item(FeedDefinition feed, EntitySchema schema, EntityRow r, String baseUrl, String ownerName) {
        FeedDefinition.Mapping m = feed.mapping();
        Map<String, Object> a = r.attributes();
        String title = text(a.get(m.title()));
        String link = m.link() == null ? null : FeedLinks.absolute(baseUrl, text(a.get(m.link())));
        if (link == null) link = baseUrl + "/api/" + feed.table() + "/" + r.referenceId();
        String author = ownerName != null ? ownerName : m.author() == null || m.author().equals("owner") ? null : text(a.get(m.author()));
        Instant created = FeedDefinition.instant(a.get("created_at"));
        Instant published = m.date() == null ? null : FeedDefinition.instant(a.get(m.date()));
        if (published == null) published = created;
        Instant updated = FeedDefinition.instant(a.get("updated_at"));
        if (updated == null || (published != null && published.isAfter(updated))) updated = published;
        return new FeedItem(r.referenceId(), title == null || title.isBlank() ? FeedReplies.UNTITLED : title,
                m.summary() == null ? null : text(a.get(m.summary())), isHtml(schema, m.summary()),
                m.content() == null ? null : text(a.get(m.content())), isHtml(schema, m.content()),
                link, author, published, updated, categories(m.categories() == null ? null : a.get(m.categories())));
    }

    /** Columns of type html hold markup; everything else is plain text. */
    private static boolean isHtml(EntitySchema schema, String column) {
        ColumnSpec c = column == null ? null : schema.column(column);
        return c != null && c.columnType().equals("html");
    }

    /** Categories from a JSON array or a comma-separated text. */
    private static List<String> categories(Object v) {
        List<String> out = new ArrayList<>();
        if (v == null) return out;
        if (v instanceof JsonNode j && j.isArray()) {
            for (JsonNode e : j) {
                String s = e.isValueNode() ? e.asText().trim() : "";
                if (!s.isEmpty() && out.size() < MAX_CATEGORIES) out.add(s);
            }
            return out;
        }
        for (String s : text(v).split(",")) {
            if (!s.isBlank() && out.size() < MAX_CATEGORIES) out.add(s.trim());
        }
        return out;
    }

    private static String text(Object v) {
        if (v == null) return null;
        if (v instanceof JsonNode j) return j.isNull() ? null : j.isValueNode() ? j.asText() : j.toString();
        return v.toString();
    }

    private static Instant max(Instant a, Instant b) {
        if (a == null) return b;
        if (b == null) return a;
        return a.isAfter(b) ? a : b;
    }

    /** Display names of user accounts, in one query (item authors default to the owner's name). */
    private Map<String, String> names(Set<String> userIds) throws SQLException {
        Map<String, String> out = new HashMap<>();
        if (userIds.isEmpty()) return out;
        List<String> ids = new ArrayList<>(userIds);
        StringBuilder sql = new StringBuilder("SELECT \"reference_id\", \"name\" FROM \"user_account\" WHERE \"reference_id\" IN (");
        for (int i = 0; i < ids.size(); i++) sql.append(i == 0 ? "?" : ", ?");
        sql.append(')');
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < ids.size(); i++) ps.setString(i + 1, ids.get(i));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String name = rs.getString(2);
                        if (name != null && !name.isBlank()) out.put(rs.getString(1), name);
                    }
                }
            }
            return out;
        });
    }
}

package io.switchboard.entity;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.auth.PasswordHasher;
import io.switchboard.auth.Permission;
import io.switchboard.auth.Permission.Op;
import io.switchboard.auth.Principal;
import io.switchboard.store.Database;
import io.switchboard.store.SqlDialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * JSON:API-style CRUD over entity tables with per-row permissions enforced in SQL (lists, so page
 * totals are right) and in Java (single rows). Every successful write publishes one
 * {@link EntityEvent} after its transaction commits. Blocking: call from blocking threads only.
 */
public final class EntityStore {
    /** Attributes a client may echo back but never set. */
    private static final Set<String> READ_ONLY = Set.of("reference_id", "created_at", "updated_at", "__type", "id", "type");

    private final Database db;
    private final SchemaRegistry registry;
    private final EventBus bus;
    private final PasswordHasher hasher;
    private final java.util.List<java.util.function.BiFunction<EntitySchema, EntityRow, EntityRow>> readHooks =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    public EntityStore(Database db, SchemaRegistry registry, EventBus bus, PasswordHasher hasher) {
        this.db = db;
        this.registry = registry;
        this.bus = bus;
        this.hasher = hasher;
    }

    /** A module's extra rule on writes to its table; throws an EntityException to refuse. */
    @FunctionalInterface
    public interface WriteGuard {
        void check(Principal who, EntitySchema schema, JsonNode attributes, boolean creating);
    }

    private final java.util.List<WriteGuard> writeGuards = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Adds a rule every create and update must pass (e.g. columns only administrators may set). */
    public void addWriteGuard(WriteGuard guard) {
        writeGuards.add(guard);
    }

    /**
     * Adds a hook that may replace rows returned to readers (get and list), e.g. to put a file
     * column's live document state in place of what was stored at create time. Runs on blocking threads.
     */
    public void addReadHook(java.util.function.BiFunction<EntitySchema, EntityRow, EntityRow> hook) {
        readHooks.add(hook);
    }

    private EntityRow viewed(EntitySchema schema, EntityRow row) {
        for (var h : readHooks) row = h.apply(schema, row);
        return row;
    }

    public SchemaRegistry registry() {
        return registry;
    }

    public Database database() {
        return db;
    }

    // ---------------------------------------------------------------- table-level checks

    /** The schema if the principal may know the table exists; 401 for guests, 404 otherwise. */
    public EntitySchema requireVisibleTable(Principal who, String table) {
        EntitySchema schema = registry.find(table);
        if (schema == null || !schema.access().allows(who, Op.PEEK)) {
            if (schema != null && who.isGuest()) throw EntityException.unauthorized("sign in to use " + table);
            throw EntityException.notFound("unknown entity type: " + table);
        }
        return schema;
    }

    // ---------------------------------------------------------------- reads

    public ListQuery.Page list(Principal who, String table, ListQuery q) throws SQLException {
        EntitySchema schema = requireVisibleTable(who, table);
        List<Object> params = new ArrayList<>();
        String where = visibility(who, schema, "t", Op.READ, params) + filters(schema, q.filters(), params);
        String from = " FROM " + TableDdl.quote(table) + " t WHERE " + where;
        return db.withConnection(c -> {
            long total;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*)" + from)) {
                bindAll(ps, params);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            String sql = "SELECT t.*" + from + orderBy(schema, q.sorts()) + " LIMIT ? OFFSET ?";
            List<EntityRow> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bindAll(ps, params);
                ps.setInt(params.size() + 1, q.pageSize());
                ps.setLong(params.size() + 2, (long) (q.pageNumber() - 1) * q.pageSize());
                try (ResultSet rs = ps.executeQuery()) {
                    List<Map<String, Object>> raw = new ArrayList<>();
                    while (rs.next()) raw.add(readColumns(schema, rs));
                    Map<String, List<String>> groups = groupsOf(c, table, raw.stream().map(m -> (String) m.get("reference_id")).toList());
                    for (Map<String, Object> m : raw) {
                        rows.add(viewed(schema, toRow(schema, m, groups.getOrDefault((String) m.get("reference_id"), List.of()))));
                    }
                }
            }
            return new ListQuery.Page(rows, total, q.pageNumber(), q.pageSize());
        });
    }

    /** The row if the principal may read it; 404 when it does not exist or is not visible. */
    public EntityRow get(Principal who, String table, String referenceId) throws SQLException {
        EntitySchema schema = requireVisibleTable(who, table);
        EntityRow row = db.withConnection(c -> readRow(c, schema, referenceId, false));
        if (row == null || !Permission.allows(who, row.permission(), row.owner(), row.usergroups(), Op.READ)) {
            throw EntityException.notFound("no " + table + " with id " + referenceId);
        }
        return viewed(schema, row);
    }

    /** A row by id with no permission check (internal use: auth, bootstrap, protocol servers). */
    public EntityRow getAsSystem(String table, String referenceId) throws SQLException {
        EntitySchema schema = registry.require(table);
        return db.withConnection(c -> readRow(c, schema, referenceId, false));
    }

    // ---------------------------------------------------------------- writes

    public EntityRow create(Principal who, String table, JsonNode attributes) throws SQLException {
        EntitySchema schema = registry.find(table);
        if (schema == null) throw EntityException.notFound("unknown entity type: " + table);
        if (!schema.access().allows(who, Op.CREATE)) {
            if (who.isGuest()) throw EntityException.unauthorized("sign in to create " + table + " rows");
            if (!schema.access().allows(who, Op.PEEK)) throw EntityException.notFound("unknown entity type: " + table);
            throw EntityException.forbidden("no permission to create " + table + " rows");
        }
        Write w = parseWrite(who, schema, attributes, true);
        String owner = w.owner != null ? w.owner : who.userId();
        int permission = w.permission != null ? w.permission : schema.defaultPermission();
        EntityRow row = db.inTransaction(c -> insert(c, schema, UUID.randomUUID().toString(), owner, permission,
                w.values, w.groups == null ? List.of() : w.groups));
        bus.publish(new EntityEvent(table, EntityEvent.Type.CREATE, row, null, who.userId(), Instant.now()));
        return row;
    }

    public EntityRow update(Principal who, String table, String referenceId, JsonNode attributes) throws SQLException {
        EntitySchema schema = requireVisibleTable(who, table);
        Write w = parseWrite(who, schema, attributes, false);
        EntityRow[] before = new EntityRow[1];
        EntityRow after = db.inTransaction(c -> {
            EntityRow row = readRow(c, schema, referenceId, true);
            checkRowAccess(who, table, referenceId, row, Op.UPDATE);
            if (w.permission != null && !who.isAdministrator() && !who.userId().equals(row.owner())) {
                throw EntityException.forbidden("only the owner or an administrator may change permission");
            }
            before[0] = row;
            updateColumns(c, schema, referenceId, w.values, w.owner, w.permission);
            if (w.groups != null) replaceGroups(c, table, referenceId, w.groups);
            return readRow(c, schema, referenceId, false);
        });
        bus.publish(new EntityEvent(table, EntityEvent.Type.UPDATE, after, before[0], who.userId(), Instant.now()));
        return after;
    }

    public void delete(Principal who, String table, String referenceId) throws SQLException {
        EntitySchema schema = requireVisibleTable(who, table);
        EntityRow deleted = db.inTransaction(c -> {
            EntityRow row = readRow(c, schema, referenceId, true);
            checkRowAccess(who, table, referenceId, row, Op.DELETE);
            deleteRow(c, table, referenceId);
            return row;
        });
        bus.publish(new EntityEvent(table, EntityEvent.Type.DELETE, deleted, null, who.userId(), Instant.now()));
    }

    /** 404 when the row is missing or unreadable, 403 when readable but {@code op} is not allowed. */
    static void checkRowAccess(Principal who, String table, String id, EntityRow row, Op op) {
        if (row == null || !Permission.allows(who, row.permission(), row.owner(), row.usergroups(), Op.READ)
                && !Permission.allows(who, row.permission(), row.owner(), row.usergroups(), Op.PEEK)) {
            throw EntityException.notFound("no " + table + " with id " + id);
        }
        if (!Permission.allows(who, row.permission(), row.owner(), row.usergroups(), op)) {
            if (who.isGuest()) throw EntityException.unauthorized("sign in to change " + table + " rows");
            throw EntityException.forbidden("no permission to " + op.name().toLowerCase(java.util.Locale.ROOT) + " this " + table);
        }
    }

    /** Inserts a row inside the caller's transaction, with no permission check; returns it as stored. */
    public EntityRow insert(Connection c, EntitySchema schema, String referenceId, String owner, int permission,
                            Map<String, Object> values, List<String> groups) throws SQLException {
        Instant now = Instant.now();
        StringBuilder cols = new StringBuilder("\"reference_id\", \"permission\", \"owner\", \"created_at\", \"updated_at\"");
        StringBuilder marks = new StringBuilder("?, ?, ?, ?, ?");
        List<Object> params = new ArrayList<>(List.of(referenceId, permission));
        params.add(owner);
        params.add(ValueCodec.toSqlTimestamp(now));
        params.add(ValueCodec.toSqlTimestamp(now));
        for (Map.Entry<String, Object> e : values.entrySet()) {
            cols.append(", ").append(TableDdl.quote(e.getKey()));
            marks.append(", ?");
            params.add(e.getValue());
        }
        String sql = "INSERT INTO " + TableDdl.quote(schema.tableName()) + " (" + cols + ") VALUES (" + marks + ")";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bindAll(ps, params);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw translate(e, schema.tableName());
        }
        if (!groups.isEmpty()) replaceGroups(c, schema.tableName(), referenceId, groups);
        return readRow(c, schema, referenceId, false);
    }

    /** Publishes an event for a row written by system code inside its own transaction. */
    public void publish(EntityEvent event) {
        bus.publish(event);
    }

    private void updateColumns(Connection c, EntitySchema schema, String id, Map<String, Object> values, String owner,
                               Integer permission) throws SQLException {
        StringBuilder set = new StringBuilder("\"updated_at\" = ?");
        List<Object> params = new ArrayList<>();
        params.add(ValueCodec.toSqlTimestamp(Instant.now()));
        if (owner != null) {
            set.append(", \"owner\" = ?");
            params.add(owner);
        }
        if (permission != null) {
            set.append(", \"permission\" = ?");
            params.add(permission);
        }
        for (Map.Entry<String, Object> e : values.entrySet()) {
            set.append(", ").append(TableDdl.quote(e.getKey())).append(" = ?");
            params.add(e.getValue());
        }
        params.add(id);
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + TableDdl.quote(schema.tableName()) + " SET " + set
                + " WHERE \"reference_id\" = ?")) {
            bindAll(ps, params);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw translate(e, schema.tableName());
        }
    }

    void deleteRow(Connection c, String table, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + TableDdl.quote(table) + " WHERE \"reference_id\" = ?")) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM entity_usergroup WHERE table_name = ? AND row_id = ?")) {
            ps.setString(1, table);
            ps.setString(2, id);
            ps.executeUpdate();
        }
    }

    private static SQLException translate(SQLException e, String table) {
        String state = e.getSQLState();
        if ("23505".equals(state)) {
            String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
            String detail = "a " + table + " row with this value already exists";
            int k = m.indexOf(table + "_");
            if (k >= 0) {
                int end = m.indexOf("_key", k);
                if (end > k) detail = table + "." + m.substring(k + table.length() + 1, end) + " must be unique";
            }
            throw EntityException.conflict(detail);
        }
        if (state != null && (state.startsWith("22") || state.equals("23502"))) {
            throw EntityException.badRequest("value rejected by the database: " + state);
        }
        return e;
    }

    void replaceGroups(Connection c, String table, String id, Collection<String> groups) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM entity_usergroup WHERE table_name = ? AND row_id = ?")) {
            ps.setString(1, table);
            ps.setString(2, id);
            ps.executeUpdate();
        }
        if (groups.isEmpty()) return;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO entity_usergroup (table_name, row_id, usergroup_id) VALUES (?, ?, ?)")) {
            for (String g : new java.util.LinkedHashSet<>(groups)) {
                ps.setString(1, table);
                ps.setString(2, id);
                ps.setString(3, g);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    // ---------------------------------------------------------------- parsing writes

    /** A validated write: SQL values by column plus the special attributes. */
    private static final class Write {
        final Map<String, Object> values = new LinkedHashMap<>();
        Integer permission;
        String owner;
        List<String> groups;
    }

    private Write parseWrite(Principal who, EntitySchema schema, JsonNode attributes, boolean creating) throws SQLException {
        if (attributes == null || !attributes.isObject()) throw EntityException.badRequest("attributes must be a JSON object");
        for (WriteGuard g : writeGuards) g.check(who, schema, attributes, creating);
        Write w = new Write();
        for (Iterator<Map.Entry<String, JsonNode>> it = attributes.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String name = f.getKey();
            JsonNode v = f.getValue();
            if (READ_ONLY.contains(name)) continue;
            switch (name) {
                case "permission" -> {
                    if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 0 || v.asInt() > Permission.MAX) {
                        throw EntityException.badRequest("permission must be an integer between 0 and " + Permission.MAX);
                    }
                    w.permission = v.asInt();
                }
                case "owner" -> {
                    if (v.isNull()) continue;
                    if (!who.isAdministrator()) {
                        if (v.asText().equals(who.userId())) continue;
                        throw EntityException.forbidden("only administrators may set owner");
                    }
                    w.owner = requireUuid("owner", v.asText());
                }
                case "usergroups" -> w.groups = parseGroups(v);
                default -> {
                    ColumnSpec col = schema.column(name);
                    if (col == null) throw EntityException.badRequest("unknown attribute " + name + " for " + schema.tableName());
                    w.values.put(name, ValueCodec.toSql(col, v, hasher));
                }
            }
        }
        if (creating) {
            for (ColumnSpec col : schema.columns().values()) {
                if (!col.nullable() && col.kind() != ColumnKind.PASSWORD && !w.values.containsKey(col.name())) {
                    throw EntityException.badRequest("attribute " + col.name() + " is required");
                }
            }
        }
        if (w.groups != null && !w.groups.isEmpty()) checkGroupsExist(w.groups);
        return w;
    }

    private static List<String> parseGroups(JsonNode v) {
        if (v.isNull()) return List.of();
        if (!v.isArray()) throw EntityException.badRequest("usergroups must be an array of usergroup ids");
        List<String> out = new ArrayList<>();
        for (JsonNode g : v) {
            String id = g.isObject() ? g.path("id").asText(g.path("reference_id").asText("")) : g.asText();
            out.add(requireUuid("usergroups", id));
        }
        return out;
    }

    private void checkGroupsExist(List<String> groups) throws SQLException {
        db.withConnection(c -> {
            for (String g : groups) {
                try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM \"usergroup\" WHERE \"reference_id\" = ?")) {
                    ps.setString(1, g);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) throw EntityException.badRequest("unknown usergroup " + g);
                    }
                }
            }
            return null;
        });
    }

    public static String requireUuid(String what, String s) {
        try {
            UUID u = UUID.fromString(s);
            String canonical = u.toString();
            if (!canonical.equalsIgnoreCase(s)) throw new IllegalArgumentException();
            return canonical;
        } catch (IllegalArgumentException e) {
            throw EntityException.badRequest(what + " must be a UUID: " + s);
        }
    }

    // ---------------------------------------------------------------- SQL pieces

    /** The WHERE fragment that lets through only rows the principal may {@code op}. */
    String visibility(Principal who, EntitySchema schema, String alias, Op op, List<Object> params) {
        if (who.isAdministrator()) return "1 = 1";
        SqlDialect d = db.dialect();
        StringBuilder sb = new StringBuilder("(").append(d.bitAnd(alias + ".\"permission\"", Permission.guest(op))).append(" <> 0");
        if (!who.isGuest()) {
            sb.append(" OR (").append(alias).append(".\"owner\" = ? AND ")
                    .append(d.bitAnd(alias + ".\"permission\"", Permission.owner(op))).append(" <> 0)");
            params.add(who.userId());
            if (!who.groups().isEmpty()) {
                sb.append(" OR (").append(d.bitAnd(alias + ".\"permission\"", Permission.group(op)))
                        .append(" <> 0 AND EXISTS (SELECT 1 FROM entity_usergroup eg WHERE eg.table_name = ? AND eg.row_id = ")
                        .append(alias).append(".\"reference_id\" AND eg.usergroup_id IN (");
                params.add(schema.tableName());
                int i = 0;
                for (String g : who.groups()) {
                    sb.append(i++ == 0 ? "?" : ", ?");
                    params.add(g);
                }
                sb.append(")))");
            }
        }
        return sb.append(')').toString();
    }

    private String filters(EntitySchema schema, List<ListQuery.Filter> filters, List<Object> params) {
        StringBuilder sb = new StringBuilder();
        for (ListQuery.Filter f : filters) {
            if (f.column().equals("*")) {
                textSearch(schema, textOf(f.value()), sb, params);
                continue;
            }
            ColumnSpec col = filterableColumn(schema, f.column());
            sb.append(" AND t.").append(TableDdl.quote(f.column())).append(' ');
            if (f.operator() == ListQuery.Operator.IN) {
                List<?> values = f.value() instanceof List<?> l ? l : List.of(String.valueOf(f.value()));
                if (values.isEmpty() || values.size() > 1000) throw EntityException.badRequest("in needs 1 to 1000 values");
                sb.append("IN (");
                for (int i = 0; i < values.size(); i++) {
                    sb.append(i == 0 ? "?" : ", ?");
                    params.add(filterValue(col, f.column(), values.get(i)));
                }
                sb.append(')');
            } else if (f.value() == null) {
                if (f.operator() == ListQuery.Operator.IS) sb.append("IS NULL");
                else if (f.operator() == ListQuery.Operator.IS_NOT) sb.append("IS NOT NULL");
                else throw EntityException.badRequest("filter on " + f.column() + " needs a value");
            } else {
                if (f.operator() == ListQuery.Operator.LIKE && col.kind() != ColumnKind.TEXT) {
                    throw EntityException.badRequest("like works on text columns only");
                }
                sb.append(f.operator().sql).append(" ?");
                params.add(f.operator() == ListQuery.Operator.LIKE ? textOf(f.value()) : filterValue(col, f.column(), f.value()));
            }
        }
        return sb.toString();
    }

    private static String textOf(Object v) {
        return v instanceof JsonNode j ? j.asText() : String.valueOf(v);
    }

    /** A plain {@code filter=text}: case-insensitive substring match over the text columns. */
    private static void textSearch(EntitySchema schema, String text, StringBuilder sb, List<Object> params) {
        String pattern = "%" + text.toLowerCase(java.util.Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        sb.append(" AND (1 = 0");
        for (ColumnSpec col : schema.columns().values()) {
            if (col.kind() != ColumnKind.TEXT) continue;
            sb.append(" OR LOWER(t.").append(TableDdl.quote(col.name())).append(") LIKE ?");
            params.add(pattern);
        }
        sb.append(')');
    }

    /** Standard columns filter like text/timestamps/integers; JSON, file and password columns not at all. */
    private static ColumnSpec filterableColumn(EntitySchema schema, String name) {
        ColumnSpec col = switch (name) {
            case "reference_id", "owner" -> new ColumnSpec(name, "label", "varchar(36)", true, false);
            case "created_at", "updated_at" -> new ColumnSpec(name, "datetime", "", true, false);
            case "permission" -> new ColumnSpec(name, "measurement", "int", true, false);
            default -> schema.column(name);
        };
        if (col == null) throw EntityException.badRequest("unknown column " + name + " for " + schema.tableName());
        if (!col.kind().comparable()) throw EntityException.badRequest("cannot filter or sort on " + name);
        return col;
    }

    private Object filterValue(ColumnSpec col, String name, Object raw) {
        JsonNode node = raw instanceof JsonNode j ? j : io.switchboard.Json.MAPPER.valueToTree(raw);
        ColumnSpec lenient = new ColumnSpec(col.name(), col.columnType().equals("email") ? "label" : col.columnType(),
                col.dataType(), true, false);
        Object v = ValueCodec.toSql(lenient, node, hasher);
        if (v == null) throw EntityException.badRequest("filter on " + name + " needs a value");
        return v;
    }

    private static String orderBy(EntitySchema schema, List<ListQuery.Sort> sorts) {
        StringBuilder sb = new StringBuilder(" ORDER BY ");
        for (ListQuery.Sort s : sorts) {
            filterableColumn(schema, s.column());
            sb.append("t.").append(TableDdl.quote(s.column())).append(s.descending() ? " DESC, " : " ASC, ");
        }
        return sb.append("t.\"created_at\" ASC, t.\"reference_id\" ASC").toString();
    }

    static void bindAll(PreparedStatement ps, List<Object> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) ValueCodec.bind(ps, i + 1, params.get(i));
    }

    // ---------------------------------------------------------------- row reading

    EntityRow readRow(Connection c, EntitySchema schema, String id, boolean forUpdate) throws SQLException {
        try {
            UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
        String sql = "SELECT * FROM " + TableDdl.quote(schema.tableName()) + " WHERE \"reference_id\" = ?" + (forUpdate ? " FOR UPDATE" : "");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return null;
                Map<String, Object> m = readColumns(schema, rs);
                return toRow(schema, m, groupsOf(c, schema.tableName(), List.of(id)).getOrDefault(id, List.of()));
            }
        }
    }

    /** The stored password hash of a row's password column (never part of EntityRow). */
    public String passwordHash(Connection c, String table, String column, String referenceId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + TableDdl.quote(column) + " FROM " + TableDdl.quote(table)
                + " WHERE \"reference_id\" = ?")) {
            ps.setString(1, referenceId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static Map<String, Object> readColumns(EntitySchema schema, ResultSet rs) throws SQLException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reference_id", rs.getString("reference_id"));
        for (ColumnSpec col : schema.columns().values()) {
            if (col.kind() == ColumnKind.PASSWORD) continue;
            m.put(col.name(), ValueCodec.fromSql(col, rs, col.name()));
        }
        m.put("permission", rs.getInt("permission"));
        m.put("owner", rs.getString("owner"));
        m.put("created_at", ValueCodec.timestamp(rs, "created_at"));
        m.put("updated_at", ValueCodec.timestamp(rs, "updated_at"));
        return m;
    }

    private static EntityRow toRow(EntitySchema schema, Map<String, Object> m, List<String> groups) {
        Map<String, Object> attrs = new LinkedHashMap<>(m);
        attrs.put("usergroups", groups);
        return new EntityRow(schema.tableName(), (String) m.get("reference_id"), (String) m.get("owner"),
                (Integer) m.get("permission"), groups, attrs);
    }

    private static Map<String, List<String>> groupsOf(Connection c, String table, List<String> ids) throws SQLException {
        Map<String, List<String>> out = new HashMap<>();
        if (ids.isEmpty()) return out;
        StringBuilder sql = new StringBuilder("SELECT row_id, usergroup_id FROM entity_usergroup WHERE table_name = ? AND row_id IN (");
        for (int i = 0; i < ids.size(); i++) sql.append(i == 0 ? "?" : ", ?");
        sql.append(") ORDER BY usergroup_id");
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            ps.setString(1, table);
            for (int i = 0; i < ids.size(); i++) ps.setString(i + 2, ids.get(i));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
            }
        }
        return out;
    }
}

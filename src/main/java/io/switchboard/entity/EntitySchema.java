package io.switchboard.entity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.Json;
import io.switchboard.auth.Permission;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An entity table: its name, its declared columns, the default permission of new rows and the
 * table-level permission (the owner, groups and mask of its {@code world} row). Immutable: a
 * change builds a new schema that replaces this one in the {@link SchemaRegistry}.
 */
public final class EntitySchema {
    /** Columns every entity table has, besides the declared ones. */
    public static final List<String> STANDARD_COLUMNS = List.of("reference_id", "permission", "owner", "created_at", "updated_at");
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    private static final Set<String> RESERVED_COLUMNS = Set.of("reference_id", "permission", "owner", "created_at",
            "updated_at", "usergroups", "id", "type", "__type", "relationships", "links");

    private final String tableName;
    private final Map<String, ColumnSpec> columns;
    private final boolean builtin;
    private final int defaultPermission;
    private final TableAccess access;

    public EntitySchema(String tableName, List<ColumnSpec> columns, boolean builtin, int defaultPermission, TableAccess access) {
        this.tableName = tableName;
        Map<String, ColumnSpec> m = new LinkedHashMap<>();
        for (ColumnSpec c : columns) m.put(c.name(), c);
        this.columns = Collections.unmodifiableMap(m);
        this.builtin = builtin;
        this.defaultPermission = defaultPermission;
        this.access = access;
    }

    public String tableName() {
        return tableName;
    }

    public Map<String, ColumnSpec> columns() {
        return columns;
    }

    public ColumnSpec column(String name) {
        return columns.get(name);
    }

    public boolean builtin() {
        return builtin;
    }

    public int defaultPermission() {
        return defaultPermission;
    }

    public TableAccess access() {
        return access;
    }

    public EntitySchema withAccess(TableAccess newAccess) {
        return new EntitySchema(tableName, List.copyOf(columns.values()), builtin, defaultPermission, newAccess);
    }

    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** The world_schema_json text for this schema, in the seed system's shape. */
    public String toSchemaJson() {
        ObjectNode root = Json.object();
        root.put("TableName", tableName);
        ArrayNode cols = root.putArray("Columns");
        for (ColumnSpec c : columns.values()) {
            ObjectNode o = cols.addObject();
            o.put("Name", c.name());
            o.put("ColumnName", c.name());
            o.put("ColumnType", c.columnType());
            if (!c.dataType().isEmpty()) o.put("DataType", c.dataType());
            o.put("IsNullable", c.nullable());
            if (c.unique()) o.put("IsUnique", true);
        }
        root.put("DefaultPermission", defaultPermission);
        return Json.string(root);
    }

    /**
     * Parses and validates a world_schema_json document. Names must be lower-case identifiers; the
     * table name in the document, if present, must match {@code tableName}.
     */
    public static EntitySchema parse(String tableName, String schemaJson, TableAccess access) {
        if (!isValidName(tableName)) {
            throw EntityException.badRequest("table_name must match [a-z][a-z0-9_]{0,62}: " + tableName);
        }
        JsonNode root;
        try {
            root = Json.parse(schemaJson == null ? "" : schemaJson);
        } catch (IllegalArgumentException e) {
            throw EntityException.badRequest("world_schema_json: " + e.getMessage());
        }
        if (root == null || !root.isObject()) throw EntityException.badRequest("world_schema_json must be a JSON object");
        String declared = root.path("TableName").asText("");
        if (!declared.isEmpty() && !declared.equals(tableName)) {
            throw EntityException.badRequest("world_schema_json TableName " + declared + " differs from table_name " + tableName);
        }
        JsonNode cols = root.path("Columns");
        if (!cols.isArray()) throw EntityException.badRequest("world_schema_json needs a Columns array");
        if (cols.size() > 500) throw EntityException.badRequest("at most 500 columns");
        List<ColumnSpec> out = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (JsonNode c : cols) {
            String name = c.path("ColumnName").asText(c.path("Name").asText("")).trim().toLowerCase(Locale.ROOT);
            if (!isValidName(name)) throw EntityException.badRequest("column name must match [a-z][a-z0-9_]{0,62}: " + name);
            if (RESERVED_COLUMNS.contains(name)) throw EntityException.badRequest("column name is reserved: " + name);
            if (!seen.add(name)) throw EntityException.badRequest("duplicate column: " + name);
            out.add(new ColumnSpec(name, c.path("ColumnType").asText("label"), c.path("DataType").asText(""),
                    c.path("IsNullable").asBoolean(true), c.path("IsUnique").asBoolean(false)));
        }
        int perm = root.path("DefaultPermission").asInt(Permission.DEFAULT_ROW);
        if (perm < 0 || perm > Permission.MAX) throw EntityException.badRequest("DefaultPermission out of range");
        return new EntitySchema(tableName, out, false, perm, access);
    }
}

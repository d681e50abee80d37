package io.switchboard.entity;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.Json;
import io.switchboard.auth.Permission;
import io.switchboard.auth.Principal;
import io.switchboard.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The {@code world} table: one row per entity table. Creating a world row creates the table and
 * registers it at once (no restart, unlike the seed system); deleting one drops the table.
 * Also bootstraps the built-in tables and groups at start.
 */
public final class SchemaService {
    private static final Logger log = LoggerFactory.getLogger(SchemaService.class);
    private static final Set<String> RESERVED_TABLES = Set.of("schema_migrations", "config_value", "server_secret",
            "entity_usergroup", "event_log", "information_schema", "pg_catalog", "public");

    private final Database db;
    private final EntityStore store;
    private final SchemaRegistry registry;

    public SchemaService(Database db, EntityStore store) {
        this.db = db;
        this.store = store;
        this.registry = store.registry();
    }

    private volatile List<EntitySchema> builtins = BuiltinTables.all();

    /**
     * Creates what is missing of the built-in tables (the core ones and {@code moduleTables}), their
     * world rows and the built-in groups; loads every table.
     */
    public void bootstrap(List<EntitySchema> moduleTables) throws SQLException {
        List<EntitySchema> all = new ArrayList<>(BuiltinTables.all());
        all.addAll(moduleTables);
        builtins = List.copyOf(all);
        db.inTransaction(c -> {
            for (EntitySchema s : builtins) TableDdl.ensure(c, db.dialect(), s);
            for (String idx : BuiltinTables.extraIndexes()) TableDdl.exec(c, idx);
            return null;
        });
        // register built-ins with their default access so the inserts below can resolve schemas
        for (EntitySchema s : builtins) registry.put(s);
        db.inTransaction(c -> {
            ensureGroup(c, Principal.ADMINISTRATORS_GROUP, "administrators");
            ensureGroup(c, Principal.USERS_GROUP, "users");
            for (EntitySchema s : builtins) {
                if (findWorldRowId(c, s.tableName()) == null) {
                    Map<String, Object> values = new LinkedHashMap<>();
                    values.put("table_name", s.tableName());
                    values.put("world_schema_json", s.toSchemaJson());
                    values.put("default_permission", (long) s.defaultPermission());
                    store.insert(c, BuiltinTables.WORLD, UUID.randomUUID().toString(), null, s.access().permission(),
                            values, List.copyOf(s.access().groups()));
                }
            }
            return null;
        });
        reload();
    }

    /** Re-reads every world row: table access, and run-time tables (created here or on another node). */
    public void reload() throws SQLException {
        List<EntityRow> worldRows = db.withConnection(c -> {
            List<EntityRow> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT \"reference_id\" FROM \"world\"");
                 ResultSet rs = ps.executeQuery()) {
                List<String> ids = new ArrayList<>();
                while (rs.next()) ids.add(rs.getString(1));
                for (String id : ids) out.add(store.readRow(c, BuiltinTables.WORLD, id, false));
            }
            return out;
        });
        for (EntityRow w : worldRows) {
            try {
                register(w);
            } catch (RuntimeException | SQLException e) {
                log.error("cannot load table {}: {}", w.attributes().get("table_name"), e.getMessage());
            }
        }
    }

    private void register(EntityRow w) throws SQLException {
        String table = (String) w.attributes().get("table_name");
        TableAccess access = new TableAccess(w.referenceId(), w.owner(), w.permission(), Set.copyOf(w.usergroups()));
        EntitySchema builtin = builtins.stream().filter(s -> s.tableName().equals(table)).findFirst().orElse(null);
        if (builtin != null) {
            registry.put(builtin.withAccess(access));
            return;
        }
        EntitySchema schema = EntitySchema.parse(table, (String) w.attributes().get("world_schema_json"), access);
        if (registry.find(table) == null) db.withConnection(c -> {
            TableDdl.ensure(c, db.dialect(), schema);
            return null;
        });
        registry.put(schema);
    }

    /** POST /api/world: creates the table, its world row and its topic, usable at once. */
    public EntityRow createTable(Principal who, JsonNode attributes) throws SQLException {
        if (!registry.require("world").access().allows(who, Permission.Op.CREATE) && !who.isAdministrator()) {
            if (who.isGuest()) throw EntityException.unauthorized("sign in to create tables");
            throw EntityException.forbidden("only administrators may create tables");
        }
        if (attributes == null || !attributes.isObject()) throw EntityException.badRequest("attributes must be a JSON object");
        String table = attributes.path("table_name").asText("").trim();
        JsonNode schemaNode = attributes.get("world_schema_json");
        String schemaJson = schemaNode == null ? null : schemaNode.isTextual() ? schemaNode.asText() : Json.string(schemaNode);
        if (table.isEmpty() && schemaJson != null) {
            try {
                table = Json.parse(schemaJson).path("TableName").asText("");
            } catch (IllegalArgumentException e) {
                throw EntityException.badRequest("world_schema_json: " + e.getMessage());
            }
        }
        if (schemaJson == null) throw EntityException.badRequest("world_schema_json is required");
        if (RESERVED_TABLES.contains(table) || table.startsWith("pg_")) throw EntityException.badRequest("table name is reserved: " + table);
        if (registry.find(table) != null) throw EntityException.conflict("table " + table + " already exists");
        int tablePermission = attributes.has("permission") ? attributes.get("permission").asInt(-1) : BuiltinTables.USER_TABLE_ACCESS;
        if (tablePermission < 0 || tablePermission > Permission.MAX) throw EntityException.badRequest("permission out of range");
        EntitySchema parsed = EntitySchema.parse(table, schemaJson, null);
        if (attributes.has("default_permission")) {
            int dp = attributes.get("default_permission").asInt(-1);
            if (dp < 0 || dp > Permission.MAX) throw EntityException.badRequest("default_permission out of range");
            parsed = EntitySchema.parse(table, withDefaultPermission(schemaJson, dp), null);
        }
        final EntitySchema schema = parsed;
        String worldId = UUID.randomUUID().toString();
        EntityRow row;
        try {
            row = db.inTransaction(c -> {
                TableDdl.ensure(c, db.dialect(), schema);
                Map<String, Object> values = new LinkedHashMap<>();
                values.put("table_name", schema.tableName());
                values.put("world_schema_json", schema.toSchemaJson());
                values.put("default_permission", (long) schema.defaultPermission());
                return store.insert(c, BuiltinTables.WORLD, worldId, who.userId(), tablePermission, values,
                        List.of(Principal.USERS_GROUP));
            });
        } catch (SQLException | RuntimeException e) {
            // H2 commits DDL on its own: undo the table if the world row did not make it
            if (!db.dialect().transactionalDdl() && !(e instanceof EntityException ee && ee.status() == 409)) {
                db.withConnection(c -> {
                    TableDdl.drop(c, schema.tableName());
                    return null;
                });
            }
            throw e;
        }
        register(row);
        store.publish(new EntityEvent("world", EntityEvent.Type.CREATE, row, null, who.userId(), Instant.now()));
        log.info("table {} created by {}", table, who.email());
        return row;
    }

    private static String withDefaultPermission(String schemaJson, int dp) {
        com.fasterxml.jackson.databind.node.ObjectNode o = (com.fasterxml.jackson.databind.node.ObjectNode) Json.parse(schemaJson);
        o.put("DefaultPermission", dp);
        return Json.string(o);
    }

    /** PATCH /api/world/{id}: permission and groups of the table, and new columns (never dropped ones). */
    public EntityRow updateTable(Principal who, String worldId, JsonNode attributes) throws SQLException {
        EntityRow current = store.getAsSystem("world", worldId);
        if (current == null) throw EntityException.notFound("no world with id " + worldId);
        String table = (String) current.attributes().get("table_name");
        EntitySchema existing = registry.require(table);
        JsonNode schemaNode = attributes == null ? null : attributes.get("world_schema_json");
        if (schemaNode != null && existing.builtin()) throw EntityException.forbidden("built-in table schemas cannot be changed");
        com.fasterxml.jackson.databind.node.ObjectNode rest = attributes == null ? Json.object() : attributes.deepCopy();
        rest.remove("world_schema_json");
        rest.remove("table_name");
        if (schemaNode != null) {
            String schemaJson = schemaNode.isTextual() ? schemaNode.asText() : Json.string(schemaNode);
            EntitySchema next = EntitySchema.parse(table, schemaJson, existing.access());
            for (String col : existing.columns().keySet()) {
                if (next.column(col) == null) throw EntityException.badRequest("columns cannot be removed: " + col);
            }
            EntityRow row = store.get(who, "world", worldId);
            EntityStore.checkRowAccess(who, "world", worldId, row, Permission.Op.UPDATE);
            db.withConnection(c -> {
                TableDdl.ensure(c, db.dialect(), next);
                return null;
            });
            rest.put("world_schema_json", next.toSchemaJson());
        }
        EntityRow updated = store.update(who, "world", worldId, rest);
        register(updated);
        return updated;
    }

    /** DELETE /api/world/{id}: drops a run-time table (administrators only; built-ins stay). */
    public void deleteTable(Principal who, String worldId) throws SQLException {
        EntityRow current = store.getAsSystem("world", worldId);
        if (current == null) throw EntityException.notFound("no world with id " + worldId);
        String table = (String) current.attributes().get("table_name");
        EntitySchema schema = registry.find(table);
        if (schema != null && schema.builtin()) throw EntityException.forbidden("built-in tables cannot be dropped");
        if (!who.isAdministrator()) {
            if (who.isGuest()) throw EntityException.unauthorized("sign in to drop tables");
            throw EntityException.forbidden("only administrators may drop tables");
        }
        store.delete(who, "world", worldId);
        registry.remove(table);
        db.withConnection(c -> {
            TableDdl.drop(c, table);
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM entity_usergroup WHERE table_name = ?")) {
                ps.setString(1, table);
                ps.executeUpdate();
            }
            return null;
        });
        log.info("table {} dropped by {}", table, who.email());
    }

    private void ensureGroup(Connection c, String id, String name) throws SQLException {
        if (store.readRow(c, BuiltinTables.USERGROUP, id, false) != null) return;
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("name", name);
        store.insert(c, BuiltinTables.USERGROUP, id, null, Permission.DEFAULT_ROW, values, List.of());
    }

    private static String findWorldRowId(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT \"reference_id\" FROM \"world\" WHERE \"table_name\" = ?")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}

package io.switchboard.entity;

import io.switchboard.auth.Permission;
import io.switchboard.auth.Principal;

import java.util.List;
import java.util.Set;

/**
 * The tables every server has (shared/protocols/builtin-tables.md). They are created from these
 * schemas by the same code that creates run-time tables. Later protocol issues add theirs here.
 */
public final class BuiltinTables {
    /**
     * Table-level access of tables created through POST /api/world (the default permission of new
     * world rows): signed-in users may create rows, guests may know the table and its columns.
     */
    public static final int USER_TABLE_ACCESS = Permission.guest(Permission.Op.PEEK) | Permission.guest(Permission.Op.READ)
            | Permission.OWNER_ALL | Permission.GROUP_PEEK_READ | Permission.group(Permission.Op.CREATE);

    private BuiltinTables() {
    }

    public static final EntitySchema WORLD = builtin("world", USER_TABLE_ACCESS, Permission.GROUP_PEEK_READ
                    | Permission.guest(Permission.Op.PEEK) | Permission.guest(Permission.Op.READ),
            new ColumnSpec("table_name", "label", "varchar(64)", false, true),
            new ColumnSpec("world_schema_json", "content", "", false, false),
            new ColumnSpec("default_permission", "measurement", "int", false, false));

    public static final EntitySchema USER_ACCOUNT = builtin("user_account", Permission.OWNER_ALL, Permission.GROUP_PEEK_READ,
            new ColumnSpec("name", "label", "varchar(200)", true, false),
            new ColumnSpec("email", "email", "varchar(320)", false, true),
            new ColumnSpec("mobile", "label", "varchar(50)", true, false),
            new ColumnSpec("password", "password", "", true, false));

    public static final EntitySchema USERGROUP = builtin("usergroup", Permission.DEFAULT_ROW,
            Permission.GROUP_PEEK_READ | Permission.group(Permission.Op.CREATE),
            new ColumnSpec("name", "label", "varchar(200)", false, false));

    public static final EntitySchema USER_ACCOUNT_HAS_USERGROUP = builtin("user_account_has_usergroup", Permission.DEFAULT_ROW,
            Permission.GROUP_PEEK_READ,
            new ColumnSpec("user_account", "reference", "varchar(36)", false, false),
            new ColumnSpec("usergroup", "reference", "varchar(36)", false, false));

    /** In creation order: world first, since the others are registered in it. */
    public static List<EntitySchema> all() {
        return List.of(WORLD, USER_ACCOUNT, USERGROUP, USER_ACCOUNT_HAS_USERGROUP);
    }

    /**
     * A built-in table (modules declare theirs with this too); {@code tablePermission} becomes the
     * mask of its world row, which belongs to the "users" group.
     */
    public static EntitySchema builtin(String name, int defaultRowPermission, int tablePermission, ColumnSpec... cols) {
        return new EntitySchema(name, List.of(cols), true, defaultRowPermission,
                new TableAccess(null, null, tablePermission, Set.of(Principal.USERS_GROUP)));
    }

    /** Extra indexes beyond single-column unique ones. */
    static List<String> extraIndexes() {
        return List.of("CREATE UNIQUE INDEX IF NOT EXISTS user_account_has_usergroup_pair ON "
                + "\"user_account_has_usergroup\" (\"user_account\", \"usergroup\")");
    }
}

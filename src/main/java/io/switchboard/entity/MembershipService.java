package io.switchboard.entity;

import io.switchboard.auth.Permission;
import io.switchboard.auth.Principal;
import io.switchboard.store.Database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Usergroup membership: {@code user_account_has_usergroup} rows, managed through
 * {@code /api/usergroup/{id}/relationships/members}. Changing members needs update permission
 * on the group row.
 */
public final class MembershipService {
    private final Database db;
    private final EntityStore store;

    public MembershipService(Database db, EntityStore store) {
        this.db = db;
        this.store = store;
    }

    /** The reference ids of the groups a user belongs to. */
    public Set<String> groupsOf(String userId) throws SQLException {
        return db.withConnection(c -> groupsOf(c, userId));
    }

    public static Set<String> groupsOf(Connection c, String userId) throws SQLException {
        Set<String> out = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT \"usergroup\" FROM \"user_account_has_usergroup\" WHERE \"user_account\" = ?")) {
            ps.setString(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
        }
        return out;
    }

    public static int memberCount(Connection c, String groupId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT COUNT(*) FROM \"user_account_has_usergroup\" WHERE \"usergroup\" = ?")) {
            ps.setString(1, groupId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Adds a membership row inside the caller's transaction, no permission check; null if already a member. */
    public EntityRow addAsSystem(Connection c, String userId, String groupId, String actorId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM \"user_account_has_usergroup\" WHERE \"user_account\" = ? AND \"usergroup\" = ?")) {
            ps.setString(1, userId);
            ps.setString(2, groupId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) return null;
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("user_account", userId);
        values.put("usergroup", groupId);
        return store.insert(c, BuiltinTables.USER_ACCOUNT_HAS_USERGROUP, UUID.randomUUID().toString(),
                actorId == null ? userId : actorId, Permission.DEFAULT_ROW, values, List.of(groupId));
    }

    public List<EntityRow> addMembers(Principal who, String groupId, List<String> userIds) throws SQLException {
        List<EntityRow> added = db.inTransaction(c -> {
            EntityRow group = store.readRow(c, BuiltinTables.USERGROUP, groupId, true);
            EntityStore.checkRowAccess(who, "usergroup", groupId, group, Permission.Op.UPDATE);
            List<EntityRow> rows = new ArrayList<>();
            for (String u : userIds) {
                if (store.readRow(c, BuiltinTables.USER_ACCOUNT, u, false) == null) {
                    throw EntityException.badRequest("unknown user_account " + u);
                }
                EntityRow r = addAsSystem(c, u, groupId, who.userId());
                if (r != null) rows.add(r);
            }
            return rows;
        });
        for (EntityRow r : added) {
            store.publish(new EntityEvent("user_account_has_usergroup", EntityEvent.Type.CREATE, r, null, who.userId(), Instant.now()));
        }
        return added;
    }

    public int removeMembers(Principal who, String groupId, List<String> userIds) throws SQLException {
        List<EntityRow> removed = db.inTransaction(c -> {
            EntityRow group = store.readRow(c, BuiltinTables.USERGROUP, groupId, true);
            EntityStore.checkRowAccess(who, "usergroup", groupId, group, Permission.Op.UPDATE);
            if (Principal.ADMINISTRATORS_GROUP.equals(groupId) && memberCount(c, groupId) <= userIds.size()) {
                throw EntityException.forbidden("the last administrator cannot be removed");
            }
            List<EntityRow> rows = new ArrayList<>();
            for (String u : userIds) {
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT \"reference_id\" FROM \"user_account_has_usergroup\" WHERE \"user_account\" = ? AND \"usergroup\" = ?")) {
                    ps.setString(1, u);
                    ps.setString(2, groupId);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) continue;
                        String id = rs.getString(1);
                        rows.add(store.readRow(c, BuiltinTables.USER_ACCOUNT_HAS_USERGROUP, id, false));
                        store.deleteRow(c, "user_account_has_usergroup", id);
                    }
                }
            }
            return rows;
        });
        for (EntityRow r : removed) {
            store.publish(new EntityEvent("user_account_has_usergroup", EntityEvent.Type.DELETE, r, null, who.userId(), Instant.now()));
        }
        return removed.size();
    }

    /** Members of a group the caller may read: user reference ids. */
    public List<String> members(Principal who, String groupId) throws SQLException {
        store.get(who, "usergroup", groupId);
        return db.withConnection(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT \"user_account\" FROM \"user_account_has_usergroup\" WHERE \"usergroup\" = ? ORDER BY \"created_at\"")) {
                ps.setString(1, groupId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(rs.getString(1));
                }
            }
            return out;
        });
    }
}

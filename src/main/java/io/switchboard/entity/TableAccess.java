package io.switchboard.entity;

import io.switchboard.auth.Permission;
import io.switchboard.auth.Principal;

import java.util.Set;

/**
 * Table-level permission, taken from the table's {@code world} row: peek on it lets a caller
 * know the table (list it, subscribe to its topic), create on it lets them add rows.
 */
public record TableAccess(String worldRowId, String owner, int permission, Set<String> groups) {
    public TableAccess {
        groups = Set.copyOf(groups);
    }

    public boolean allows(Principal who, Permission.Op op) {
        return Permission.allows(who, permission, owner, groups, op);
    }
}

package io.switchboard.mail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.auth.Permission;
import io.switchboard.auth.Principal;
import io.switchboard.entity.EntitySchema;
import io.switchboard.store.Database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Who may see a mail account and its mail: the account's user and administrators, nobody else.
 * The linked {@code user_account} is made the row's owner, and the row's mask gives the owner
 * peek and read only (no group bits at all, so adding the row to a group shares nothing, and the
 * user cannot raise their own quota or rename the address). Folders and messages already belong
 * to that user ({@link MailDirectory.Account#mailOwner()}), with owner-only masks. The password
 * column is never part of a row read over the API (EntityStore leaves password columns out).
 */
public final class MailAccountAccess {
    /** Owner peek + read; administrators pass every check anyway. */
    public static final int ACCOUNT_PERMISSION = Permission.owner(Permission.Op.PEEK) | Permission.owner(Permission.Op.READ);
    /** What accounts got before (owner all + group peek/read): repaired once at start. */
    static final int FORMER_DEFAULT = Permission.DEFAULT_ROW;

    private MailAccountAccess() {
    }

    /**
     * Write guard on {@code mail_account}: a write that links a user makes that user the owner, in
     * the same transaction as the write (an owner given explicitly by an administrator wins). It
     * adds the attribute before EntityStore parses the write, so the usual owner rules apply.
     */
    public static void ownByLinkedUser(Principal who, EntitySchema schema, JsonNode attributes, boolean creating) {
        if (!schema.tableName().equals(MailTables.MAIL_ACCOUNT.tableName())) return;
        if (!(attributes instanceof ObjectNode o) || attributes.has("owner")) return;
        JsonNode user = attributes.get("user_account");
        if (user == null || !user.isTextual() || user.asText().isBlank()) return;
        o.put("owner", user.asText().trim());
    }

    /**
     * Brings rows written before this rule in line, once: accounts that still carry the former
     * default mask get the new one and their linked user as owner; folders and messages follow
     * the account's user. Idempotent, so it simply runs at every start.
     */
    public static void repair(Database db) throws SQLException {
        db.inTransaction(c -> {
            update(c, "UPDATE \"mail_account\" SET \"permission\" = ?, \"owner\" = COALESCE(\"user_account\", \"owner\") "
                    + "WHERE \"permission\" = ?", ACCOUNT_PERMISSION, FORMER_DEFAULT);
            update(c, "UPDATE \"world\" SET \"default_permission\" = ? WHERE \"table_name\" = 'mail_account' "
                    + "AND \"default_permission\" = ?", ACCOUNT_PERMISSION, FORMER_DEFAULT);
            reown(c, null);
            return null;
        });
    }

    /** Gives the folders and messages of one account (all accounts when null) to the account's user. */
    public static void reown(Connection c, String accountId) throws SQLException {
        String one = accountId == null ? "" : " AND a.\"reference_id\" = ?";
        try (PreparedStatement ps = c.prepareStatement("UPDATE \"mail_box\" SET \"owner\" = (SELECT a.\"user_account\" FROM \"mail_account\" a "
                + "WHERE a.\"reference_id\" = \"mail_box\".\"mail_account\") WHERE EXISTS (SELECT 1 FROM \"mail_account\" a "
                + "WHERE a.\"reference_id\" = \"mail_box\".\"mail_account\" AND a.\"user_account\" IS NOT NULL "
                + "AND (\"mail_box\".\"owner\" IS NULL OR a.\"user_account\" <> \"mail_box\".\"owner\")" + one + ")")) {
            if (accountId != null) ps.setString(1, accountId);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE \"mail\" SET \"owner\" = (SELECT b.\"owner\" FROM \"mail_box\" b "
                + "WHERE b.\"reference_id\" = \"mail\".\"mail_box\") WHERE EXISTS (SELECT 1 FROM \"mail_box\" b "
                + "WHERE b.\"reference_id\" = \"mail\".\"mail_box\" AND b.\"owner\" IS NOT NULL "
                + "AND (\"mail\".\"owner\" IS NULL OR b.\"owner\" <> \"mail\".\"owner\")"
                + (accountId == null ? "" : " AND b.\"mail_account\" = ?") + ")")) {
            if (accountId != null) ps.setString(1, accountId);
            ps.executeUpdate();
        }
    }

    private static void update(Connection c, String sql, int a, int b) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, a);
            ps.setInt(2, b);
            ps.executeUpdate();
        }
    }
}

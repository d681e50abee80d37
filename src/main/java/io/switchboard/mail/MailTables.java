package io.switchboard.mail;

import io.switchboard.auth.Permission;
import io.switchboard.entity.ColumnSpec;
import io.switchboard.entity.EntitySchema;

import java.util.List;

import static io.switchboard.entity.BuiltinTables.builtin;

/**
 * The mail tables (shared/protocols/builtin-tables.md). SMTP writes them, IMAP reads them. Rows of
 * {@code mail_account}, {@code mail_box} and {@code mail} belong to the user of the account and are
 * visible only to that user (and administrators): see {@link MailAccountAccess}. Only administrators
 * create servers and accounts.
 */
public final class MailTables {
    private MailTables() {
    }

    /** The five folders every account has; mail lands in INBOX, or Junk above the spam threshold. */
    public static final List<String> DEFAULT_BOXES = List.of("INBOX", "Sent", "Drafts", "Trash", "Junk");

    public static final EntitySchema MAIL_SERVER = builtin("mail_server", Permission.OWNER_ALL, Permission.group(Permission.Op.PEEK),
            new ColumnSpec("hostname", "label", "varchar(255)", false, false),
            new ColumnSpec("is_enabled", "truefalse", "", true, false),
            new ColumnSpec("listen_interface", "label", "varchar(255)", true, false),
            new ColumnSpec("max_size", "measurement", "int", true, false),
            new ColumnSpec("max_clients", "measurement", "int", true, false),
            new ColumnSpec("always_on_tls", "truefalse", "", true, false),
            new ColumnSpec("authentication_required", "truefalse", "", true, false));

    public static final EntitySchema MAIL_ACCOUNT = builtin("mail_account", MailAccountAccess.ACCOUNT_PERMISSION, Permission.group(Permission.Op.PEEK),
            new ColumnSpec("username", "email", "varchar(320)", false, true),
            new ColumnSpec("password", "password", "", true, false),
            new ColumnSpec("mail_server", "reference", "varchar(36)", true, false),
            new ColumnSpec("user_account", "reference", "varchar(36)", true, false),
            new ColumnSpec("quota", "measurement", "int", true, false));

    public static final EntitySchema MAIL_BOX = builtin("mail_box", Permission.OWNER_ALL, Permission.GROUP_PEEK_READ,
            new ColumnSpec("name", "label", "varchar(255)", false, false),
            new ColumnSpec("subscribed", "truefalse", "", true, false),
            new ColumnSpec("uidvalidity", "measurement", "int", true, false),
            new ColumnSpec("nextuid", "measurement", "int", true, false),
            new ColumnSpec("attributes", "label", "varchar(500)", true, false),
            new ColumnSpec("flags", "label", "varchar(1000)", true, false),
            new ColumnSpec("permanent_flags", "label", "varchar(1000)", true, false),
            new ColumnSpec("mail_account", "reference", "varchar(36)", false, false));

    public static final EntitySchema MAIL = builtin("mail", Permission.OWNER_ALL, Permission.GROUP_PEEK_READ,
            new ColumnSpec("message_id", "label", "varchar(1000)", true, false),
            new ColumnSpec("from_address", "label", "varchar(1000)", true, false),
            new ColumnSpec("to_address", "content", "", true, false),
            new ColumnSpec("reply_to_address", "label", "varchar(1000)", true, false),
            new ColumnSpec("subject", "content", "", true, false),
            new ColumnSpec("body", "content", "", true, false),
            new ColumnSpec("mail", "label", "varchar(300)", false, false),
            new ColumnSpec("spam_score", "measurement", "double", true, false),
            new ColumnSpec("spam", "truefalse", "", true, false),
            new ColumnSpec("hash", "label", "varchar(100)", true, false),
            new ColumnSpec("content_type", "label", "varchar(500)", true, false),
            new ColumnSpec("has_attachment", "truefalse", "", true, false),
            new ColumnSpec("ip_addr", "label", "varchar(100)", true, false),
            new ColumnSpec("return_path", "label", "varchar(1000)", true, false),
            new ColumnSpec("is_tls", "truefalse", "", true, false),
            new ColumnSpec("seen", "truefalse", "", true, false),
            new ColumnSpec("recent", "truefalse", "", true, false),
            new ColumnSpec("deleted", "truefalse", "", true, false),
            new ColumnSpec("uid", "measurement", "int", false, false),
            new ColumnSpec("modseq", "measurement", "int", true, false),
            new ColumnSpec("size", "measurement", "int", true, false),
            new ColumnSpec("flags", "label", "varchar(1000)", true, false),
            new ColumnSpec("internal_date", "datetime", "", true, false),
            new ColumnSpec("mail_box", "reference", "varchar(36)", false, false));

    public static final EntitySchema OUTBOX = builtin("outbox", Permission.OWNER_ALL, Permission.group(Permission.Op.PEEK),
            new ColumnSpec("from_address", "label", "varchar(1000)", true, false),
            new ColumnSpec("to_address", "label", "varchar(1000)", false, false),
            new ColumnSpec("to_host", "label", "varchar(255)", true, false),
            new ColumnSpec("mail", "label", "varchar(300)", false, false),
            new ColumnSpec("sent", "truefalse", "", true, false),
            new ColumnSpec("retry_count", "measurement", "int", true, false),
            new ColumnSpec("last_error", "content", "", true, false),
            new ColumnSpec("next_retry_at", "datetime", "", true, false),
            // RFC 3461 parameters as received (xtext), and the mail_server whose name the delivery uses
            new ColumnSpec("dsn_notify", "label", "varchar(40)", true, false),
            new ColumnSpec("dsn_orcpt", "label", "varchar(500)", true, false),
            new ColumnSpec("dsn_ret", "label", "varchar(10)", true, false),
            new ColumnSpec("dsn_envid", "label", "varchar(100)", true, false),
            new ColumnSpec("mail_server_hostname", "label", "varchar(255)", true, false));

    public static List<EntitySchema> all() {
        return List.of(MAIL_SERVER, MAIL_ACCOUNT, MAIL_BOX, MAIL, OUTBOX);
    }

    /** Indexes the mail code relies on: one folder name per account, one uid per folder, due outbox rows. */
    public static List<String> indexes() {
        return List.of(
                "CREATE UNIQUE INDEX IF NOT EXISTS mail_box_account_name ON \"mail_box\" (\"mail_account\", \"name\")",
                "CREATE UNIQUE INDEX IF NOT EXISTS mail_box_uid ON \"mail\" (\"mail_box\", \"uid\")",
                "CREATE INDEX IF NOT EXISTS outbox_due ON \"outbox\" (\"sent\", \"next_retry_at\")");
    }
}

package io.switchboard.ftp;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * SITE (RFC 959 section 4.1.3): server-specific commands. {@code SITE QUOTA} shows the user's own
 * storage quota ({@link io.switchboard.store.StorageQuota}: their DAV home space and the sites they own,
 * which is what uploads into their sites count against, whoever uploads); {@code SITE HELP} lists the commands.
 */
final class SiteVerb implements FtpVerb {
    static final List<String> COMMANDS = List.of("QUOTA", "HELP");

    @Override
    public CompletableFuture<Void> run(FtpSession s, String argument) {
        String sub = argument.trim().toUpperCase(Locale.ROOT);
        switch (sub) {
            case "HELP" -> {
                return s.reply(FtpReply.of(214, "SITE commands: " + String.join(" ", COMMANDS)));
            }
            case "QUOTA" -> {
                String user = s.principal.userId();
                if (user == null) return s.reply(FtpReply.of(200, "Quota: none (anonymous sessions cannot upload)"));
                return s.blocking(() -> describe(s, user)).thenAccept(line -> s.reply(FtpReply.of(200, line)));
            }
            default -> {
                return s.reply(FtpReplies.NOT_IMPLEMENTED_PARAMETER);
            }
        }
    }

    /** One line for SITE QUOTA and STAT: "Quota: used N of M bytes (R left)" or "of unlimited". Blocking (may count from disk). */
    static String describe(FtpSession s, String user) {
        long used = s.ctx.quota.used(user);
        long limit = s.ctx.quota.limit(user);
        return limit == 0
                ? "Quota: used " + used + " bytes of unlimited"
                : "Quota: used " + used + " of " + limit + " bytes (" + Math.max(0, limit - used) + " left)";
    }
}

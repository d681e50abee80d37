package io.switchboard.ftp;

import io.switchboard.site.StorageQuota;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * SITE (RFC 959 section 4.1.3): server-specific commands. {@code SITE QUOTA} shows the user's storage
 * quota (the tally uploads are charged to, {@link StorageQuota}); {@code SITE HELP} lists the commands.
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
                return s.blocking(() -> s.ctx.quota.usage(user)).thenAccept(u -> s.reply(FtpReply.of(200, describe(u))));
            }
            default -> {
                return s.reply(FtpReplies.NOT_IMPLEMENTED_PARAMETER);
            }
        }
    }

    /** One line for SITE QUOTA and STAT: "Quota: used N of M bytes (R left)" or "of unlimited". */
    static String describe(StorageQuota.Usage u) {
        return u.unlimited()
                ? "Quota: used " + u.used() + " bytes of unlimited"
                : "Quota: used " + u.used() + " of " + u.limit() + " bytes (" + u.remaining() + " left)";
    }
}

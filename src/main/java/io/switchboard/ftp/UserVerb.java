package io.switchboard.ftp;

import io.switchboard.config.ConfigKeys;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** USER (RFC 959 section 4.1.1): the email to log in with, or "anonymous"/"ftp" (RFC 1635) when {@code ftp.anonymous} allows. */
final class UserVerb implements FtpVerb {
    /** RFC 1635 anonymous FTP: read-only, sees the sites whose row lets guests read. */
    static final Set<String> ANONYMOUS = Set.of("anonymous", "ftp");

    @Override
    public CompletableFuture<Void> run(FtpSession s, String arg) throws Exception {
        if (s.login == FtpSession.LoginState.LOGGED_IN) return s.reply(FtpReplies.ALREADY_LOGGED_IN);
        if (arg.isBlank()) return s.reply(FtpReplies.SYNTAX);
        boolean anonymous = ANONYMOUS.contains(arg.trim().toLowerCase(Locale.ROOT));
        if (anonymous && !s.ctx.limits.anonymous()) return s.reply(FtpReplies.ANONYMOUS_DISABLED);
        if (!anonymous && !s.tls && s.ctx.config.getBoolean(ConfigKeys.FTP_REQUIRE_TLS)) return s.reply(FtpReplies.TLS_REQUIRED);
        s.userName = arg.trim();
        s.login = FtpSession.LoginState.USER_GIVEN;
        return s.reply(FtpReplies.NEED_PASSWORD);
    }

    @Override
    public Need need() {
        return Need.ANYTIME;
    }
}

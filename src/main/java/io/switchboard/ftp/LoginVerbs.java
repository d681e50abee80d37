package io.switchboard.ftp;

import io.switchboard.auth.AccountService;
import io.switchboard.auth.Principal;
import io.switchboard.config.ConfigKeys;

import java.util.Locale;
import java.util.Set;

import static io.switchboard.ftp.FtpVerb.Need.ANYTIME;

/** USER, PASS, ACCT, QUIT (RFC 959 section 4.1.1). Users log in with their email and password. */
final class LoginVerbs {
    /** RFC 1635 anonymous FTP: read-only, sees the sites whose row lets guests read. */
    static final Set<String> ANONYMOUS = Set.of("anonymous", "ftp");

    private LoginVerbs() {
    }

    static void register(FtpCommandRegistry r) {
        r.add("USER", ANYTIME, LoginVerbs::user);
        r.add("PASS", ANYTIME, LoginVerbs::pass);
        r.add("ACCT", ANYTIME, (s, a) -> s.reply(FtpReplies.ACCT_REFUSED));
        r.add("QUIT", ANYTIME, (s, a) -> {
            s.control.writeAndFlush(FtpReplies.GOODBYE).addListener(f -> s.control.close());
            return FtpSession.DONE;
        });
    }

    static java.util.concurrent.CompletableFuture<Void> user(FtpSession s, String arg) {
        if (s.login == FtpSession.LoginState.LOGGED_IN) return s.reply(FtpReplies.ALREADY_LOGGED_IN);
        if (arg.isBlank()) return s.reply(FtpReplies.SYNTAX);
        boolean anonymous = ANONYMOUS.contains(arg.trim().toLowerCase(Locale.ROOT));
        if (anonymous && !s.ctx.limits.anonymous()) return s.reply(FtpReplies.ANONYMOUS_DISABLED);
        if (!anonymous && !s.tls && s.ctx.config.getBoolean(ConfigKeys.FTP_REQUIRE_TLS)) return s.reply(FtpReplies.TLS_REQUIRED);
        s.userName = arg.trim();
        s.login = FtpSession.LoginState.USER_GIVEN;
        return s.reply(FtpReplies.NEED_PASSWORD);
    }

    static java.util.concurrent.CompletableFuture<Void> pass(FtpSession s, String arg) {
        if (s.login == FtpSession.LoginState.LOGGED_IN) return s.reply(FtpReplies.ALREADY_LOGGED_IN);
        if (s.login != FtpSession.LoginState.USER_GIVEN) return s.reply(FtpReplies.USER_FIRST);
        String user = s.userName;
        if (ANONYMOUS.contains(user.toLowerCase(Locale.ROOT))) {
            s.principal = Principal.GUEST;
            s.login = FtpSession.LoginState.LOGGED_IN;
            return s.reply(FtpReplies.ANONYMOUS_LOGGED_IN);
        }
        String ip = s.remoteAddress().getHostAddress();
        return s.blocking(() -> s.ctx.accounts.authenticatePassword(user, arg, ip)).handle((p, e) -> {
            if (e == null && p != null) {
                s.principal = p;
                s.login = FtpSession.LoginState.LOGGED_IN;
                s.reply(FtpReplies.LOGGED_IN);
            } else {
                s.login = FtpSession.LoginState.NEW;
                s.userName = null;
                Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
                if (cause instanceof AccountService.SignInFailed f && f.retryAfterSeconds() > 0) s.reply(FtpReplies.LOGIN_THROTTLED);
                else s.reply(FtpReplies.LOGIN_FAILED);
            }
            return null;
        });
    }
}

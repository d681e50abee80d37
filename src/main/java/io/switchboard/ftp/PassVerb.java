package io.switchboard.ftp;

import io.switchboard.auth.AccountService;
import io.switchboard.auth.Principal;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** PASS (RFC 959 section 4.1.1): checks the password on the blocking executor (cached and throttled by AccountService); anonymous users log in as the guest. */
final class PassVerb implements FtpVerb {
    @Override
    public CompletableFuture<Void> run(FtpSession s, String arg) throws Exception {
        if (s.login == FtpSession.LoginState.LOGGED_IN) return s.reply(FtpReplies.ALREADY_LOGGED_IN);
        if (s.login != FtpSession.LoginState.USER_GIVEN) return s.reply(FtpReplies.USER_FIRST);
        String user = s.userName;
        if (UserVerb.ANONYMOUS.contains(user.toLowerCase(Locale.ROOT))) {
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
                Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                if (cause instanceof AccountService.SignInFailed f && f.retryAfterSeconds() > 0) s.reply(FtpReplies.LOGIN_THROTTLED);
                else s.reply(FtpReplies.LOGIN_FAILED);
            }
            return null;
        });
    }

    @Override
    public Need need() {
        return Need.ANYTIME;
    }
}

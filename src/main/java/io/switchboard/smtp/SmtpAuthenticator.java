package io.switchboard.smtp;

import io.switchboard.auth.AccountService;
import io.switchboard.auth.LoginThrottle;
import io.switchboard.auth.PasswordHasher;
import io.switchboard.config.Config;
import io.switchboard.config.ConfigKeys;
import io.switchboard.entity.EntityStore;
import io.switchboard.mail.MailDirectory;
import io.switchboard.store.Database;

import java.util.Locale;

/**
 * SMTP AUTH credentials (config.md "Credentials per entry point"): the mail_account username and
 * its own password, or, when it has none, the password of its linked user. Failures count per
 * account and per client address; past {@code auth.lockout.attempts} the answer is "locked" even
 * for the right password until the window passes.
 */
final class SmtpAuthenticator {
    enum Outcome { OK, FAILED, LOCKED }

    record Result(Outcome outcome, MailDirectory.Account account) {
    }

    /** One address may fail this many times more than one account (shared NAT). */
    private static final int IP_FACTOR = 10;

    private final Database db;
    private final EntityStore entities;
    private final AccountService accounts;
    private final MailDirectory directory;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;

    SmtpAuthenticator(Config config, Database db, EntityStore entities, AccountService accounts, MailDirectory directory) {
        this.db = db;
        this.entities = entities;
        this.accounts = accounts;
        this.directory = directory;
        this.hasher = new PasswordHasher(() -> config.getInt(ConfigKeys.PBKDF2_ITERATIONS));
        this.throttle = new LoginThrottle(config);
    }

    Result verify(String username, String password, String ip) throws Exception {
        String acctKey = "smtp:" + String.valueOf(username).trim().toLowerCase(Locale.ROOT);
        String ipKey = "smtp-ip:" + ip;
        if (throttle.retryAfterSeconds(acctKey, 1) > 0 || throttle.retryAfterSeconds(ipKey, IP_FACTOR) > 0) {
            return new Result(Outcome.LOCKED, null);
        }
        MailDirectory.Account account = directory.account(username);
        boolean ok = false;
        if (account != null) {
            String hash = db.withConnection(c -> entities.passwordHash(c, "mail_account", "password", account.id()));
            if (hash != null && !hash.isEmpty()) {
                ok = hasher.verify(password, hash);
            } else if (account.userId() != null) {
                String email = db.withConnection(c -> {
                    try (var ps = c.prepareStatement("SELECT \"email\" FROM \"user_account\" WHERE \"reference_id\" = ?")) {
                        ps.setString(1, account.userId());
                        try (var rs = ps.executeQuery()) {
                            return rs.next() ? rs.getString(1) : null;
                        }
                    }
                });
                try {
                    ok = email != null && accounts.authenticatePassword(email, password, ip) != null;
                } catch (AccountService.SignInFailed e) {
                    ok = false;
                }
            }
        } else {
            hasher.verify(password, null); // same cost for unknown names
        }
        if (!ok) {
            throttle.failed(acctKey);
            throttle.failed(ipKey);
            return new Result(Outcome.FAILED, null);
        }
        throttle.succeeded(acctKey);
        return new Result(Outcome.OK, account);
    }
}

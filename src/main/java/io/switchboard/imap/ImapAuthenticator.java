package io.switchboard.imap;

import io.switchboard.auth.AccountService;
import io.switchboard.auth.LoginThrottle;
import io.switchboard.auth.PasswordHasher;
import io.switchboard.config.Config;
import io.switchboard.config.ConfigKeys;
import io.switchboard.entity.EntityStore;
import io.switchboard.store.Database;

import java.util.Locale;

/**
 * IMAP credentials (config.md "Credentials per entry point"): the mail_account address and its
 * password, or its linked user's password when it has none. Failures are throttled per account
 * and per client address ({@code auth.lockout.*}).
 */
final class ImapAuthenticator {
    enum Outcome { OK, FAILED, LOCKED }

    record Result(Outcome outcome, ImapStore.Account account) {
    }

    private static final int IP_FACTOR = 10;

    private final Database db;
    private final EntityStore entities;
    private final AccountService accounts;
    private final ImapStore store;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;

    ImapAuthenticator(Config config, Database db, EntityStore entities, AccountService accounts, ImapStore store) {
        this.db = db;
        this.entities = entities;
        this.accounts = accounts;
        this.store = store;
        this.hasher = new PasswordHasher(() -> config.getInt(ConfigKeys.PBKDF2_ITERATIONS));
        this.throttle = new LoginThrottle(config);
    }

    Result verify(String username, String password, String ip) throws Exception {
        String acctKey = "imap:" + username.trim().toLowerCase(Locale.ROOT);
        String ipKey = "imap-ip:" + ip;
        if (throttle.retryAfterSeconds(acctKey, 1) > 0 || throttle.retryAfterSeconds(ipKey, IP_FACTOR) > 0) {
            return new Result(Outcome.LOCKED, null);
        }
        ImapStore.Account account = store.account(username);
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
            hasher.verify(password, null);
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

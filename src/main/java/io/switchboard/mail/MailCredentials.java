package io.switchboard.mail;

import io.switchboard.auth.AccountService;
import io.switchboard.auth.LoginThrottle;
import io.switchboard.auth.PasswordHasher;
import io.switchboard.config.Config;
import io.switchboard.config.ConfigKeys;
import io.switchboard.entity.EntityStore;
import io.switchboard.store.Database;

import java.util.Locale;

/**
 * Mail-account credentials for SMTP AUTH and IMAP (config.md "Credentials per entry point"): the
 * mail_account username and its own password, or, when it has none, the password of its linked
 * user. Failures count per account and per client address; past {@code auth.lockout.attempts} the
 * answer is "locked" even for the right password until the window passes. Blocking.
 */
public final class MailCredentials {
    /** The answer to one attempt. */
    public enum Outcome { OK, FAILED, LOCKED }

    /** The account a username names: its row id and linked user (either may be null). */
    public record Subject(String accountId, String userId) {
    }

    /** Finds the account a login name names, or null; each protocol has its own view of accounts. */
    @FunctionalInterface
    public interface AccountLookup<A> {
        A find(String username) throws Exception;
    }

    /** An attempt's outcome and, when it succeeded, the account it logged in to. */
    public record Attempt<A>(Outcome outcome, A account) {
    }

    /** One address may fail this many times more than one account (shared NAT). */
    private static final int IP_FACTOR = 10;

    private final Database db;
    private final EntityStore entities;
    private final AccountService accounts;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final String protocol;

    /** {@code protocol} keeps each protocol's failure counts apart ("smtp", "imap"). */
    public MailCredentials(Config config, Database db, EntityStore entities, AccountService accounts, String protocol) {
        this.db = db;
        this.entities = entities;
        this.accounts = accounts;
        this.protocol = protocol;
        this.hasher = new PasswordHasher(() -> config.getInt(ConfigKeys.PBKDF2_ITERATIONS));
        this.throttle = new LoginThrottle(config);
    }

    /**
     * Looks the account up and checks the password in one call, so a protocol needs no wrapper of
     * its own: {@code subjectOf} turns the protocol's account into the ids checked here.
     */
    public <A> Attempt<A> attempt(String username, String password, String ip, AccountLookup<A> lookup,
                                  java.util.function.Function<A, Subject> subjectOf) throws Exception {
        A account = lookup.find(username);
        Outcome o = verify(username, account == null ? null : subjectOf.apply(account), password, ip);
        return new Attempt<>(o, o == Outcome.OK ? account : null);
    }

    /** Checks a password for {@code username}, whose account is {@code subject} (null when unknown). */
    public Outcome verify(String username, Subject subject, String password, String ip) throws Exception {
        String acctKey = protocol + ":" + String.valueOf(username).trim().toLowerCase(Locale.ROOT);
        String ipKey = protocol + "-ip:" + ip;
        if (throttle.retryAfterSeconds(acctKey, 1) > 0 || throttle.retryAfterSeconds(ipKey, IP_FACTOR) > 0) {
            return Outcome.LOCKED;
        }
        boolean ok = false;
        if (subject != null) {
            String hash = db.withConnection(c -> entities.passwordHash(c, "mail_account", "password", subject.accountId()));
            if (hash != null && !hash.isEmpty()) {
                ok = hasher.verify(password, hash);
            } else if (subject.userId() != null) {
                String email = db.withConnection(c -> {
                    try (var ps = c.prepareStatement("SELECT \"email\" FROM \"user_account\" WHERE \"reference_id\" = ?")) {
                        ps.setString(1, subject.userId());
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
            return Outcome.FAILED;
        }
        throttle.succeeded(acctKey);
        return Outcome.OK;
    }
}

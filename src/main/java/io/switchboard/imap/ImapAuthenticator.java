package io.switchboard.imap;

import io.switchboard.mail.MailCredentials;
import io.switchboard.auth.AccountService;
import io.switchboard.config.Config;
import io.switchboard.entity.EntityStore;
import io.switchboard.store.Database;

/**
 * IMAP credentials (config.md "Credentials per entry point"): the mail_account address and its
 * password, or its linked user's password when it has none. Failures are throttled per account
 * and per client address ({@code auth.lockout.*}).
 */
final class ImapAuthenticator {
    enum Outcome { OK, FAILED, LOCKED }

    record Result(Outcome outcome, ImapStore.Account account) {
    }

    private final ImapStore store;
    private final MailCredentials credentials;

    ImapAuthenticator(Config config, Database db, EntityStore entities, AccountService accounts, ImapStore store) {
        this.store = store;
        this.credentials = new MailCredentials(config, db, entities, accounts, "imap");
    }

    Result verify(String username, String password, String ip) throws Exception {
        ImapStore.Account account = store.account(username);
        MailCredentials.Outcome o = credentials.verify(username,
                account == null ? null : new MailCredentials.Subject(account.id(), account.userId()), password, ip);
        return new Result(switch (o) {
            case OK -> Outcome.OK;
            case FAILED -> Outcome.FAILED;
            case LOCKED -> Outcome.LOCKED;
        }, o == MailCredentials.Outcome.OK ? account : null);
    }
}

package io.switchboard.smtp;

import io.switchboard.mail.MailCredentials;
import io.switchboard.auth.AccountService;
import io.switchboard.config.Config;
import io.switchboard.entity.EntityStore;
import io.switchboard.mail.MailDirectory;
import io.switchboard.store.Database;

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

    private final MailDirectory directory;
    private final MailCredentials credentials;

    SmtpAuthenticator(Config config, Database db, EntityStore entities, AccountService accounts, MailDirectory directory) {
        this.directory = directory;
        this.credentials = new MailCredentials(config, db, entities, accounts, "smtp");
    }

    Result verify(String username, String password, String ip) throws Exception {
        MailDirectory.Account account = directory.account(username);
        MailCredentials.Outcome o = credentials.verify(username,
                account == null ? null : new MailCredentials.Subject(account.id(), account.userId()), password, ip);
        return new Result(switch (o) {
            case OK -> Outcome.OK;
            case FAILED -> Outcome.FAILED;
            case LOCKED -> Outcome.LOCKED;
        }, o == MailCredentials.Outcome.OK ? account : null);
    }
}

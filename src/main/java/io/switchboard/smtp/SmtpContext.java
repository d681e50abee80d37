package io.switchboard.smtp;

import io.switchboard.config.Config;
import io.switchboard.config.ConfigKeys;
import io.switchboard.mail.MailCredentials;
import io.switchboard.mail.MailDirectory;
import io.switchboard.net.BlockingExecutor;
import io.switchboard.net.TlsContexts;

/** The services every SMTP connection shares. */
record SmtpContext(Config config, MailDirectory directory, BlockingExecutor blocking, TlsContexts tls, SmtpVerbs verbs,
                   MailCredentials auth, MessageIntake intake,
                   io.switchboard.http.RateLimiter rateLimiter) {
    boolean isLocalDomain(String domain) {
        return directory.isLocalDomain(domain, config.get(ConfigKeys.SMTP_LOCAL_DOMAINS));
    }

    /** SMTP AUTH (config.md "Credentials per entry point"): the mail_account's password or its linked user's. */
    MailCredentials.Attempt<MailDirectory.Account> authenticate(String user, String password, String ip) throws Exception {
        return auth.attempt(user, password, ip, directory::account, a -> new MailCredentials.Subject(a.id(), a.userId()));
    }

    /**
     * Per-IP limits share the HTTP token buckets ({@code ratelimit.enabled}, {@code ratelimit.per_second}):
     * one bucket for new connections and one for MAIL commands of each client address.
     */
    boolean allowed(String ip, String what) {
        return !rateLimiter.enabled() || rateLimiter.check(ip, "smtp:" + what).allowed();
    }
}

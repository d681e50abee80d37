package io.switchboard.smtp;

import io.switchboard.config.Config;
import io.switchboard.config.ConfigKeys;
import io.switchboard.mail.MailDirectory;
import io.switchboard.net.BlockingExecutor;
import io.switchboard.net.TlsContexts;

/** The services every SMTP connection shares. */
record SmtpContext(Config config, MailDirectory directory, BlockingExecutor blocking, TlsContexts tls, SmtpVerbs verbs,
                   SmtpAuthenticator auth, MessageIntake intake,
                   io.switchboard.http.RateLimiter rateLimiter) {
    boolean isLocalDomain(String domain) {
        return directory.isLocalDomain(domain, config.get(ConfigKeys.SMTP_LOCAL_DOMAINS));
    }

    /**
     * Per-IP limits share the HTTP token buckets ({@code ratelimit.enabled}, {@code ratelimit.per_second}):
     * one bucket for new connections and one for MAIL commands of each client address.
     */
    boolean allowed(String ip, String what) {
        return !rateLimiter.enabled() || rateLimiter.check(ip, "smtp:" + what).allowed();
    }
}

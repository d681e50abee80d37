package io.switchboard.imap;

import io.switchboard.config.Config;
import io.switchboard.net.BlockingExecutor;
import io.switchboard.net.TlsContexts;

/** What every IMAP connection shares. */
record ImapContext(Config config, BlockingExecutor blocking, TlsContexts tls, ImapStore store, ImapAuthenticator auth,
                   ImapVerbs verbs, Mailboxes watchers, CommandRunLimit.Counters runLimits) {
}

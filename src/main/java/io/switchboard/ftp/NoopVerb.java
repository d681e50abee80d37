package io.switchboard.ftp;

import java.util.concurrent.CompletableFuture;

/** NOOP (RFC 959 section 4.1.3). */
final class NoopVerb implements FtpVerb {
    @Override
    public CompletableFuture<Void> run(FtpSession s, String arg) throws Exception {
        return s.reply(FtpReplies.NOOP);
    }

    @Override
    public Need need() {
        return Need.ANYTIME;
    }
}

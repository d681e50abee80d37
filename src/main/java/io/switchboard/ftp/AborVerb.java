package io.switchboard.ftp;

import java.util.concurrent.CompletableFuture;

/** ABOR (RFC 959 section 4.1.3) with no transfer running (during one the control handler answers it). */
final class AborVerb implements FtpVerb {
    @Override
    public CompletableFuture<Void> run(FtpSession s, String arg) throws Exception {
        return s.reply(FtpReplies.NO_TRANSFER_TO_ABORT);
    }

    @Override
    public Need need() {
        return Need.ANYTIME;
    }
}

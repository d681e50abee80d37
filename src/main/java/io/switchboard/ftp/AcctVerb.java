package io.switchboard.ftp;

import java.util.concurrent.CompletableFuture;

/** ACCT (RFC 959 section 4.1.1): accounts are not used here; 202 says so. */
final class AcctVerb implements FtpVerb {
    @Override
    public CompletableFuture<Void> run(FtpSession s, String arg) throws Exception {
        return s.reply(FtpReplies.ACCT_REFUSED);
    }

    @Override
    public Need need() {
        return Need.ANYTIME;
    }
}

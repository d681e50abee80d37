package io.switchboard.ftp;

import java.util.concurrent.CompletableFuture;

/** SYST (RFC 959 section 4.1.3): the answer clients expect for Unix-style listings. */
final class SystVerb implements FtpVerb {
    @Override
    public CompletableFuture<Void> run(FtpSession s, String arg) throws Exception {
        return s.reply(FtpReplies.SYST);
    }

    @Override
    public Need need() {
        return Need.ANYTIME;
    }
}

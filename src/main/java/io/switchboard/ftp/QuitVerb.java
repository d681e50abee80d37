package io.switchboard.ftp;

import java.util.concurrent.CompletableFuture;

/** QUIT (RFC 959 section 4.1.1): 221, then the control connection closes. (During a transfer the control handler lets the transfer end first.) */
final class QuitVerb implements FtpVerb {
    @Override
    public CompletableFuture<Void> run(FtpSession s, String arg) throws Exception {
        s.control.writeAndFlush(FtpReplies.GOODBYE).addListener(f -> s.control.close());
        return FtpSession.DONE;
    }

    @Override
    public Need need() {
        return Need.ANYTIME;
    }
}

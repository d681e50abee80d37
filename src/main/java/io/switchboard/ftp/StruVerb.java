package io.switchboard.ftp;

import java.util.concurrent.CompletableFuture;

/** STRU (RFC 959 section 3.1.2): file structure only. */
final class StruVerb implements FtpVerb {
    @Override
    public CompletableFuture<Void> run(FtpSession s, String arg) throws Exception {
        return s.reply(arg.trim().equalsIgnoreCase("F") ? FtpReplies.STRU_OK : FtpReplies.NOT_IMPLEMENTED_PARAMETER);
    }
}

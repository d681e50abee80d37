package io.switchboard.ftp;

import java.util.concurrent.CompletableFuture;

/** MODE (RFC 959 section 3.4): stream mode only. */
final class ModeVerb implements FtpVerb {
    @Override
    public CompletableFuture<Void> run(FtpSession s, String arg) throws Exception {
        return s.reply(arg.trim().equalsIgnoreCase("S") ? FtpReplies.MODE_OK : FtpReplies.NOT_IMPLEMENTED_PARAMETER);
    }
}

package io.switchboard.ftp;

import java.util.concurrent.CompletableFuture;

/** REST (RFC 3659 section 5, STREAM mode): the offset of the next RETR or STOR. */
final class RestVerb implements FtpVerb {
    @Override
    public CompletableFuture<Void> run(FtpSession s, String arg) throws Exception {
        try {
            long off = Long.parseLong(arg.trim());
            if (off < 0) return s.reply(FtpReplies.SYNTAX);
            s.restOffset = off;
            return s.reply(FtpReplies.restAt(off));
        } catch (NumberFormatException e) {
            return s.reply(FtpReplies.SYNTAX);
        }
    }
}

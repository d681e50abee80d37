package io.switchboard.ftp;

import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/** TYPE (RFC 959 section 3.1.1): A and A N are text (line ends converted), I and L 8 are binary. */
final class TypeVerb implements FtpVerb {
    @Override
    public CompletableFuture<Void> run(FtpSession s, String arg) throws Exception {
        String t = arg.trim().toUpperCase(Locale.ROOT);
        if (t.equals("A") || t.equals("A N")) {
            s.ascii = true;
            return s.reply(FtpReplies.TYPE_ASCII);
        }
        if (t.equals("I") || t.equals("L 8") || t.equals("L8")) {
            s.ascii = false;
            return s.reply(FtpReplies.TYPE_BINARY);
        }
        return s.reply(FtpReplies.NOT_IMPLEMENTED_PARAMETER);
    }
}

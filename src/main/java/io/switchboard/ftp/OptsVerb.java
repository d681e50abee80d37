package io.switchboard.ftp;

import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/** OPTS (RFC 2389 section 4): UTF8 is always on (RFC 2640); MLST facts are fixed. */
final class OptsVerb implements FtpVerb {
    @Override
    public CompletableFuture<Void> run(FtpSession s, String arg) throws Exception {
        String[] parts = arg.trim().split("\\s+", 2);
        String opt = parts[0].toUpperCase(Locale.ROOT);
        if (opt.equals("UTF8") || opt.equals("UTF-8")) return s.reply(FtpReplies.UTF8_ON);
        if (opt.equals("MLST")) return s.reply(FtpReply.of(200, "MLST OPTS type;size;modify;perm;"));
        return s.reply(FtpReplies.NOT_IMPLEMENTED_PARAMETER);
    }

    @Override
    public Need need() {
        return Need.ANYTIME;
    }
}

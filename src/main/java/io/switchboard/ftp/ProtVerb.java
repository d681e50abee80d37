package io.switchboard.ftp;

import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/** PROT C or P (RFC 4217 section 9): whether data connections speak TLS. */
final class ProtVerb implements FtpVerb {
    @Override
    public CompletableFuture<Void> run(FtpSession s, String arg) throws Exception {
        if (!s.tls || !s.pbsz) return s.reply(FtpReplies.PROT_NEEDS_TLS);
        switch (arg.trim().toUpperCase(Locale.ROOT)) {
            case "P" -> s.protectData = true;
            case "C" -> s.protectData = false;
            default -> {
                return s.reply(FtpReplies.PROT_UNSUPPORTED);
            }
        }
        return s.reply(FtpReplies.PROT_OK);
    }

    @Override
    public Need need() {
        return Need.ANYTIME;
    }
}

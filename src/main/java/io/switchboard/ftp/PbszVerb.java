package io.switchboard.ftp;

import java.util.concurrent.CompletableFuture;

/** PBSZ (RFC 4217 section 9): 0 is the only buffer size for a streaming protocol such as TLS. */
final class PbszVerb implements FtpVerb {
    @Override
    public CompletableFuture<Void> run(FtpSession s, String arg) throws Exception {
        if (!s.tls) return s.reply(FtpReplies.PROT_NEEDS_TLS);
        s.pbsz = true;
        return s.reply(FtpReplies.PBSZ_OK);
    }

    @Override
    public Need need() {
        return Need.ANYTIME;
    }
}

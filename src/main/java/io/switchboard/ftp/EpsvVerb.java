package io.switchboard.ftp;

import java.util.concurrent.CompletableFuture;

/** EPSV (RFC 2428 section 3): passive with only the port in the reply; EPSV ALL is acknowledged. */
final class EpsvVerb implements FtpVerb {
    @Override
    public CompletableFuture<Void> run(FtpSession s, String arg) throws Exception {
        String a = arg.trim();
        if (a.equalsIgnoreCase("ALL")) return s.reply(FtpReply.of(200, "EPSV ALL ok"));
        if (!a.isEmpty() && !a.equals("1") && !a.equals("2")) return s.reply(FtpReplies.EPRT_UNSUPPORTED);
        return PasvVerb.passive(s, true);
    }
}

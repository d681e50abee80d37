package io.switchboard.ftp;

import java.util.concurrent.CompletableFuture;

/** ALLO (RFC 959 section 4.1.3): no space is reserved ahead; 202 says it is not needed. */
final class AlloVerb implements FtpVerb {
    @Override
    public CompletableFuture<Void> run(FtpSession s, String arg) throws Exception {
        return s.reply(FtpReply.of(202, "ALLO not needed"));
    }
}

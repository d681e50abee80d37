package io.switchboard.ftp;

import java.util.concurrent.CompletableFuture;

/**
 * The handler of one verb. Handlers keep no state (the session does); the returned future
 * completes when the command is over (for transfers: when the transfer has ended), which is when
 * the session reads the next command. Throwing {@link FtpException} answers its reply.
 */
@FunctionalInterface
interface FtpVerb {
    CompletableFuture<Void> run(FtpSession s, String argument) throws Exception;

    /** When a verb may be used: before login too, or only once logged in. */
    enum Need { ANYTIME, LOGIN }
}

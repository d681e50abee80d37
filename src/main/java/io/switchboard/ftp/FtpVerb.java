package io.switchboard.ftp;

import java.util.concurrent.CompletableFuture;

/**
 * The handler of one verb, one class each, registered by name in {@link FtpCommandRegistry}. Handlers keep no state (the session does); the returned future
 * completes when the command is over (for transfers: when the transfer has ended), which is when
 * the session reads the next command. Throwing {@link FtpException} answers its reply.
 */
interface FtpVerb {
    CompletableFuture<Void> run(FtpSession s, String argument) throws Exception;

    /** When this verb may be used (answered for every verb by the control handler); most need a login. */
    default Need need() {
        return Need.LOGIN;
    }

    /** When a verb may be used: before login too, or only once logged in. */
    enum Need { ANYTIME, LOGIN }
}

package io.switchboard.ftp;

import java.util.concurrent.CompletableFuture;

/** MLSD (RFC 3659 section 7): machine-readable facts over the data connection. */
final class MlsdVerb implements FtpVerb {
    @Override
    public CompletableFuture<Void> run(FtpSession s, String arg) throws Exception {
        return DirectoryListing.send(s, arg, DirectoryListing.Kind.MLSD);
    }
}

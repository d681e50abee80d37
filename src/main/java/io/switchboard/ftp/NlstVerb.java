package io.switchboard.ftp;

import java.util.concurrent.CompletableFuture;

/** NLST (RFC 959 section 4.1.3): names only over the data connection. */
final class NlstVerb implements FtpVerb {
    @Override
    public CompletableFuture<Void> run(FtpSession s, String arg) throws Exception {
        return DirectoryListing.send(s, arg, DirectoryListing.Kind.NLST);
    }
}

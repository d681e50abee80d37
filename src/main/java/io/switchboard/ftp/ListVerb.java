package io.switchboard.ftp;

import java.util.concurrent.CompletableFuture;

/** LIST (RFC 959 section 4.1.3): a Unix-style listing over the data connection. */
final class ListVerb implements FtpVerb {
    @Override
    public CompletableFuture<Void> run(FtpSession s, String arg) throws Exception {
        return DirectoryListing.send(s, arg, DirectoryListing.Kind.LIST);
    }
}

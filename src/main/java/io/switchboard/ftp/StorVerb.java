package io.switchboard.ftp;

import java.util.concurrent.CompletableFuture;

/** STOR (RFC 959 section 4.1.3): a new file (temp file, renamed when complete), or in place after REST. */
final class StorVerb implements FtpVerb {
    @Override
    public CompletableFuture<Void> run(FtpSession s, String arg) throws Exception {
        return Upload.start(s, arg, Upload.Kind.STOR);
    }
}

package io.switchboard.ftp;

import java.util.concurrent.CompletableFuture;

/** APPE (RFC 959 section 4.1.3): append to a file (created when missing). */
final class AppeVerb implements FtpVerb {
    @Override
    public CompletableFuture<Void> run(FtpSession s, String arg) throws Exception {
        return Upload.start(s, arg, Upload.Kind.APPE);
    }
}

package io.switchboard.ftp;

import java.util.concurrent.CompletableFuture;

/** STOU (RFC 959 section 4.1.3, RFC 1123 section 4.1.2.9): store under a name not yet used. */
final class StouVerb implements FtpVerb {
    @Override
    public CompletableFuture<Void> run(FtpSession s, String arg) throws Exception {
        return Upload.start(s, arg, Upload.Kind.STOU);
    }
}

package io.switchboard.ftp;

import java.util.concurrent.CompletableFuture;

/** CDUP and XCUP (RFC 959 section 4.1.1): CWD to the parent (never above "/"). */
final class CdupVerb implements FtpVerb {
    @Override
    public CompletableFuture<Void> run(FtpSession s, String arg) throws Exception {
        return CwdVerb.change(s, "..");
    }
}

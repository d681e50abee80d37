package io.switchboard.ftp;

import java.util.concurrent.CompletableFuture;

/** PWD and XPWD (RFC 959, RFC 775): the current folder of the virtual tree. */
final class PwdVerb implements FtpVerb {
    @Override
    public CompletableFuture<Void> run(FtpSession s, String arg) throws Exception {
        return s.reply(FtpReplies.pwd(s.cwd.toString()));
    }
}

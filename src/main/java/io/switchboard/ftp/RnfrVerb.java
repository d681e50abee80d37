package io.switchboard.ftp;

import java.util.concurrent.CompletableFuture;

/** RNFR (RFC 959 section 4.1.3): the file or folder the next RNTO renames (any other command forgets it). */
final class RnfrVerb implements FtpVerb {
    @Override
    public CompletableFuture<Void> run(FtpSession s, String arg) throws Exception {
        if (arg.isEmpty()) return s.reply(FtpReplies.SYNTAX);
        VirtualPath p = VirtualPath.resolve(s.cwd, arg);
        return s.blocking(() -> {
            FtpFileSystem.Target t = s.ctx.fs.resolveForWrite(s.principal, p);
            if (!FtpFileSystem.exists(t.file())) throw new FtpException(FtpReplies.NOT_FOUND);
            return t;
        }).thenAccept(t -> {
            s.renameFrom = p;
            s.reply(FtpReplies.RNFR_OK);
        });
    }
}

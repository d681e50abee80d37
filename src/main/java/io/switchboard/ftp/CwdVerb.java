package io.switchboard.ftp;

import java.nio.file.Files;
import java.util.concurrent.CompletableFuture;

/** CWD and XCWD (RFC 959 section 4.1.1): change to a folder the user may read. */
final class CwdVerb implements FtpVerb {
    static CompletableFuture<Void> change(FtpSession s, String arg) {
        VirtualPath p = VirtualPath.resolve(s.cwd, arg);
        return s.blocking(() -> {
            FtpFileSystem.Target t = s.ctx.fs.resolve(s.principal, p);
            if (!t.isRoot() && !Files.isDirectory(t.file())) {
                throw new FtpException(Files.exists(t.file()) ? FtpReplies.NOT_A_DIRECTORY : FtpReplies.NOT_FOUND);
            }
            return t;
        }).thenAccept(t -> {
            s.cwd = p;
            s.reply(FtpReplies.CWD_OK);
        });
    }

    @Override
    public CompletableFuture<Void> run(FtpSession s, String arg) throws Exception {
        return change(s, arg.isEmpty() ? "/" : arg);
    }
}

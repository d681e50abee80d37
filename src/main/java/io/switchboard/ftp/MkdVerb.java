package io.switchboard.ftp;

import java.nio.file.Files;
import java.util.concurrent.CompletableFuture;

/** MKD and XMKD (RFC 959 section 4.1.3): make a folder where the user may write. */
final class MkdVerb implements FtpVerb {
    @Override
    public CompletableFuture<Void> run(FtpSession s, String arg) throws Exception {
        if (arg.isEmpty()) return s.reply(FtpReplies.SYNTAX);
        VirtualPath p = VirtualPath.resolve(s.cwd, arg);
        return s.blocking(() -> {
            FtpFileSystem.Target t = s.ctx.fs.resolveForWrite(s.principal, p);
            Files.createDirectory(t.file());
            return t;
        }).thenAccept(t -> s.reply(FtpReplies.created(p.toString())));
    }
}

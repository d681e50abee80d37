package io.switchboard.ftp;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.concurrent.CompletableFuture;

/** RMD and XRMD (RFC 959 section 4.1.3): remove an empty folder. */
final class RmdVerb implements FtpVerb {
    @Override
    public CompletableFuture<Void> run(FtpSession s, String arg) throws Exception {
        if (arg.isEmpty()) return s.reply(FtpReplies.SYNTAX);
        VirtualPath p = VirtualPath.resolve(s.cwd, arg);
        return s.blocking(() -> {
            FtpFileSystem.Target t = s.ctx.fs.resolveForWrite(s.principal, p);
            if (!Files.isDirectory(t.file(), LinkOption.NOFOLLOW_LINKS)) throw new FtpException(FtpReplies.NOT_A_DIRECTORY);
            Files.delete(t.file());
            return t;
        }).thenAccept(t -> s.reply(FtpReplies.RMD_OK));
    }
}

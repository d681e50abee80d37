package io.switchboard.ftp;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.concurrent.CompletableFuture;

/** DELE (RFC 959 section 4.1.3): delete a file; its bytes leave the quota of the site's owner (who they counted against). */
final class DeleVerb implements FtpVerb {
    @Override
    public CompletableFuture<Void> run(FtpSession s, String arg) throws Exception {
        if (arg.isEmpty()) return s.reply(FtpReplies.SYNTAX);
        VirtualPath p = VirtualPath.resolve(s.cwd, arg);
        return s.blocking(() -> {
            FtpFileSystem.Target t = s.ctx.fs.resolveForWrite(s.principal, p);
            if (Files.isDirectory(t.file(), LinkOption.NOFOLLOW_LINKS)) throw new FtpException(FtpReplies.NOT_A_FILE);
            long freed = Files.isRegularFile(t.file(), LinkOption.NOFOLLOW_LINKS) ? Files.size(t.file()) : 0;
            Files.delete(t.file());
            if (t.site().owner() != null) s.ctx.quota.release(t.site().owner(), freed);
            return t;
        }).thenAccept(t -> s.reply(FtpReplies.DELE_OK));
    }
}

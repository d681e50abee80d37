package io.switchboard.ftp;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CompletableFuture;

/** RNTO (RFC 959 section 4.1.3): renames what RNFR named, within its site only. */
final class RntoVerb implements FtpVerb {
    @Override
    public CompletableFuture<Void> run(FtpSession s, String arg) throws Exception {
        VirtualPath from = s.renameFrom;
        s.renameFrom = null;
        if (from == null) return s.reply(FtpReplies.RNTO_WITHOUT_RNFR);
        if (arg.isEmpty()) return s.reply(FtpReplies.SYNTAX);
        VirtualPath to = VirtualPath.resolve(s.cwd, arg);
        // subsite isolation: a file never moves from one site to another, nor to the root
        if (to.isRoot() || !to.site().equals(from.site())) return s.reply(FtpReplies.RENAME_OUT_OF_SITE);
        return s.blocking(() -> {
            FtpFileSystem.Target src = s.ctx.fs.resolveForWrite(s.principal, from);
            FtpFileSystem.Target dst = s.ctx.fs.resolveForWrite(s.principal, to);
            if (dst.file().startsWith(src.file()) && !dst.file().equals(src.file())) throw new FtpException(FtpReplies.DENIED);
            // a rename onto a file replaces it: its bytes are freed
            long freed = !dst.file().equals(src.file()) && Files.isRegularFile(dst.file(), LinkOption.NOFOLLOW_LINKS) ? Files.size(dst.file()) : 0;
            Files.move(src.file(), dst.file(), StandardCopyOption.ATOMIC_MOVE);
            // both ends are in one site: only the replaced file's bytes leave its owner's quota
            if (dst.site().owner() != null) s.ctx.quota.release(dst.site().owner(), freed);
            return dst;
        }).thenAccept(t -> s.reply(FtpReplies.RENAME_OK));
    }
}

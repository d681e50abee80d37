package io.switchboard.ftp;

import java.nio.file.Files;
import java.util.concurrent.CompletableFuture;

/** MDTM (RFC 3659 section 3): the modification time, UTC, YYYYMMDDHHMMSS. */
final class MdtmVerb implements FtpVerb {
    @Override
    public CompletableFuture<Void> run(FtpSession s, String arg) throws Exception {
        VirtualPath p = VirtualPath.resolve(s.cwd, arg);
        return s.blocking(() -> {
            FtpFileSystem.Target t = s.ctx.fs.resolve(s.principal, p);
            if (t.isRoot() || !Files.exists(t.file())) throw new FtpException(FtpReplies.NOT_FOUND);
            return Files.getLastModifiedTime(t.file()).toInstant();
        }).thenAccept(m -> s.reply(FtpReplies.mdtm(ListingFormat.stamp(m))));
    }
}

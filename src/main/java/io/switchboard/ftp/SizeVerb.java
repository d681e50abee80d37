package io.switchboard.ftp;

import java.nio.file.Files;
import java.util.concurrent.CompletableFuture;

/** SIZE (RFC 3659 section 4): the size of a plain file in bytes. */
final class SizeVerb implements FtpVerb {
    @Override
    public CompletableFuture<Void> run(FtpSession s, String arg) throws Exception {
        VirtualPath p = VirtualPath.resolve(s.cwd, arg);
        return s.blocking(() -> {
            FtpFileSystem.Target t = s.ctx.fs.resolve(s.principal, p);
            if (t.isRoot() || !Files.isRegularFile(t.file())) {
                throw new FtpException(t.isRoot() || Files.exists(t.file()) ? FtpReplies.NOT_A_FILE : FtpReplies.NOT_FOUND);
            }
            return Files.size(t.file());
        }).thenAccept(n -> s.reply(FtpReplies.size(n)));
    }
}

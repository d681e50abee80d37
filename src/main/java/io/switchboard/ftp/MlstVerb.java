package io.switchboard.ftp;

import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** MLST (RFC 3659 section 7.2): the facts of one path on the control connection. */
final class MlstVerb implements FtpVerb {
    @Override
    public CompletableFuture<Void> run(FtpSession s, String arg) throws Exception {
        VirtualPath p = VirtualPath.resolve(s.cwd, arg.trim());
        return s.blocking(() -> {
            FtpFileSystem.Target t = s.ctx.fs.resolve(s.principal, p);
            if (!t.isRoot() && !Files.exists(t.file())) throw new FtpException(FtpReplies.NOT_FOUND);
            FtpFileSystem.Entry e = s.ctx.fs.entry(t);
            return ListingFormat.facts(new FtpFileSystem.Entry(p.toString(), e.directory(), e.size(), e.modified(), e.mayWrite()), null);
        }).thenAccept(line -> s.reply(new FtpReply(250, List.of("Listing " + p, line, "End"))));
    }
}

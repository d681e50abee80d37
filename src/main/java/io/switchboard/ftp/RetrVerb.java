package io.switchboard.ftp;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;

/** RETR (RFC 959 section 4.1.3): a file to the client, from the REST offset if one was given. */
final class RetrVerb implements FtpVerb {
    @Override
    public CompletableFuture<Void> run(FtpSession s, String arg) throws Exception {
        if (arg.isEmpty()) return s.reply(FtpReplies.SYNTAX);
        Transfer.requireData(s);
        VirtualPath p = VirtualPath.resolve(s.cwd, arg);
        long offset = s.takeRestOffset();
        boolean ascii = s.ascii;
        return s.blocking(() -> {
            FtpFileSystem.Target t = s.ctx.fs.resolve(s.principal, p);
            if (t.isRoot() || !Files.isRegularFile(t.file())) {
                throw new FtpException(t.isRoot() || Files.exists(t.file()) ? FtpReplies.NOT_A_FILE : FtpReplies.NOT_FOUND);
            }
            FileChannel fc = FileChannel.open(t.file(), StandardOpenOption.READ);
            long size = fc.size();
            return SendTransfer.file(s, fc, Math.min(offset, size), Math.max(0, size - offset), ascii);
        }).thenCompose(t -> Transfer.begin(s, t, FtpReplies.opening((ascii ? "ASCII" : "BINARY") + " mode data connection for " + p.name())));
    }
}

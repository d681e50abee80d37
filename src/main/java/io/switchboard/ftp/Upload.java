package io.switchboard.ftp;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * What STOR, APPE and STOU share: where the bytes go (a temp file beside the target, or the file
 * itself for APPE and REST+STOR), the quota check before any data moves, and the transfer.
 */
final class Upload {
    enum Kind { STOR, APPE, STOU }

    private Upload() {
    }

    static CompletableFuture<Void> start(FtpSession s, String arg, Kind kind) throws Exception {
        if (arg.isEmpty() && kind != Kind.STOU) return s.reply(FtpReplies.SYNTAX);
        Transfer.requireData(s);
        long offset = s.takeRestOffset();
        boolean ascii = s.ascii;
        VirtualPath requested = kind == Kind.STOU
                ? VirtualPath.resolve(s.cwd, arg.isEmpty() ? "upload" : arg)
                : VirtualPath.resolve(s.cwd, arg);
        return s.blocking(() -> {
            VirtualPath p = requested;
            FtpFileSystem.Target t = s.ctx.fs.resolveForWrite(s.principal, p);
            if (kind == Kind.STOU) {
                // RFC 959 STOU / RFC 1123 4.1.2.9: a name not yet used in that folder
                for (int i = 1; FtpFileSystem.exists(t.file()); i++) {
                    if (i > 10_000) throw new FtpException(FtpReplies.EXISTS);
                    p = requested.parent().child(requested.name() + "." + i);
                    t = s.ctx.fs.resolveForWrite(s.principal, p);
                }
            }
            Path target = t.file();
            if (Files.isDirectory(target)) throw new FtpException(FtpReplies.NOT_A_FILE);
            if (!Files.isDirectory(target.getParent())) throw new FtpException(FtpReplies.NOT_FOUND);
            // the bytes count against the site's owner, whoever uploads them (as over DAV)
            String owner = t.site().owner();
            long replaced = Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS) ? Files.size(target) : 0;
            boolean inPlace = kind == Kind.APPE || offset > 0;
            // RFC 959 552: nothing left to store into (a new upload over a file may still reuse that file's bytes)
            if (owner != null && s.ctx.quota.available(owner) == 0 && (inPlace || replaced == 0)) {
                throw new FtpException(FtpReplies.QUOTA_EXCEEDED);
            }
            ReceiveTransfer rt;
            if (inPlace) {
                FileChannel fc = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                long start = kind == Kind.APPE ? fc.size() : Math.min(offset, fc.size());
                if (kind != Kind.APPE) {
                    long before = fc.size();
                    fc.truncate(start);
                    if (owner != null) s.ctx.quota.release(owner, before - start);
                }
                rt = new ReceiveTransfer(s, fc, start, null, target, ascii, 0, owner);
            } else {
                Path temp = target.resolveSibling(FtpFileSystem.UPLOAD_PREFIX + UUID.randomUUID());
                FileChannel fc = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                rt = new ReceiveTransfer(s, fc, 0, temp, target, ascii, replaced, owner);
            }
            return new Prepared(rt, p);
        }).thenCompose(prepared -> {
            FtpReply opening = kind == Kind.STOU ? FtpReply.of(150, "FILE: " + prepared.path().name())
                    : FtpReplies.opening((ascii ? "ASCII" : "BINARY") + " mode data connection for " + prepared.path().name());
            return Transfer.begin(s, prepared.transfer(), opening);
        });
    }

    private record Prepared(ReceiveTransfer transfer, VirtualPath path) {
    }
}

package io.switchboard.ftp;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.switchboard.ftp.FtpVerb.Need.LOGIN;

/** DELE, RNFR/RNTO (within one site), SIZE, MDTM, MLST (RFC 959, RFC 3659). */
final class FileVerbs {
    private FileVerbs() {
    }

    static void register(FtpCommandRegistry r) {
        r.add("DELE", LOGIN, FileVerbs::dele);
        r.add("RNFR", LOGIN, FileVerbs::rnfr);
        r.add("RNTO", LOGIN, FileVerbs::rnto);
        r.add("SIZE", LOGIN, FileVerbs::size);
        r.add("MDTM", LOGIN, FileVerbs::mdtm);
        r.add("MLST", LOGIN, FileVerbs::mlst);
    }

    static CompletableFuture<Void> dele(FtpSession s, String arg) {
        if (arg.isEmpty()) return s.reply(FtpReplies.SYNTAX);
        VirtualPath p = VirtualPath.resolve(s.cwd, arg);
        return s.blocking(() -> {
            FtpFileSystem.Target t = s.ctx.fs.resolveForWrite(s.principal, p);
            if (Files.isDirectory(t.file(), LinkOption.NOFOLLOW_LINKS)) throw new FtpException(FtpReplies.NOT_A_FILE);
            long freed = Files.isRegularFile(t.file(), LinkOption.NOFOLLOW_LINKS) ? Files.size(t.file()) : 0;
            Files.delete(t.file());
            s.ctx.quota.refund(s.principal.userId(), freed);
            return t;
        }).thenAccept(t -> s.reply(FtpReplies.DELE_OK));
    }

    static CompletableFuture<Void> rnfr(FtpSession s, String arg) {
        if (arg.isEmpty()) return s.reply(FtpReplies.SYNTAX);
        VirtualPath p = VirtualPath.resolve(s.cwd, arg);
        return s.blocking(() -> {
            FtpFileSystem.Target t = s.ctx.fs.resolveForWrite(s.principal, p);
            if (!FtpFileSystem.exists(t.file())) throw new FtpException(FtpReplies.NOT_FOUND);
            return t;
        }).thenAccept(t -> {
            s.renameFrom = p;
            s.reply(FtpReplies.RNFR_OK);
        });
    }

    static CompletableFuture<Void> rnto(FtpSession s, String arg) {
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
            s.ctx.quota.refund(s.principal.userId(), freed);
            return dst;
        }).thenAccept(t -> s.reply(FtpReplies.RENAME_OK));
    }

    static CompletableFuture<Void> size(FtpSession s, String arg) {
        VirtualPath p = VirtualPath.resolve(s.cwd, arg);
        return s.blocking(() -> {
            FtpFileSystem.Target t = s.ctx.fs.resolve(s.principal, p);
            if (t.isRoot() || !Files.isRegularFile(t.file())) {
                throw new FtpException(t.isRoot() || Files.exists(t.file()) ? FtpReplies.NOT_A_FILE : FtpReplies.NOT_FOUND);
            }
            return Files.size(t.file());
        }).thenAccept(n -> s.reply(FtpReplies.size(n)));
    }

    static CompletableFuture<Void> mdtm(FtpSession s, String arg) {
        VirtualPath p = VirtualPath.resolve(s.cwd, arg);
        return s.blocking(() -> {
            FtpFileSystem.Target t = s.ctx.fs.resolve(s.principal, p);
            if (t.isRoot() || !Files.exists(t.file())) throw new FtpException(FtpReplies.NOT_FOUND);
            return Files.getLastModifiedTime(t.file()).toInstant();
        }).thenAccept(m -> s.reply(FtpReplies.mdtm(ListingFormat.stamp(m))));
    }

    /** RFC 3659 section 7.2: the facts of one path on the control connection. */
    static CompletableFuture<Void> mlst(FtpSession s, String arg) {
        VirtualPath p = VirtualPath.resolve(s.cwd, arg.trim());
        return s.blocking(() -> {
            FtpFileSystem.Target t = s.ctx.fs.resolve(s.principal, p);
            if (!t.isRoot() && !Files.exists(t.file())) throw new FtpException(FtpReplies.NOT_FOUND);
            FtpFileSystem.Entry e = s.ctx.fs.entry(t);
            return ListingFormat.facts(new FtpFileSystem.Entry(p.toString(), e.directory(), e.size(), e.modified(), e.mayWrite()), null);
        }).thenAccept(line -> s.reply(new FtpReply(250, List.of("Listing " + p, line, "End"))));
    }
}

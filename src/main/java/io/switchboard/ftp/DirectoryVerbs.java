package io.switchboard.ftp;

import java.nio.file.Files;
import java.util.concurrent.CompletableFuture;

import static io.switchboard.ftp.FtpVerb.Need.LOGIN;

/** PWD, CWD, CDUP, MKD, RMD and their X-forms (RFC 775) — folders of the virtual tree. */
final class DirectoryVerbs {
    private DirectoryVerbs() {
    }

    static void register(FtpCommandRegistry r) {
        FtpVerb pwd = (s, a) -> s.reply(FtpReplies.pwd(s.cwd.toString()));
        FtpVerb cwd = DirectoryVerbs::cwd;
        FtpVerb cdup = (s, a) -> cwd(s, "..");
        FtpVerb mkd = DirectoryVerbs::mkd;
        FtpVerb rmd = DirectoryVerbs::rmd;
        r.add("PWD", LOGIN, pwd).add("XPWD", LOGIN, pwd);
        r.add("CWD", LOGIN, cwd).add("XCWD", LOGIN, cwd);
        r.add("CDUP", LOGIN, cdup).add("XCUP", LOGIN, cdup);
        r.add("MKD", LOGIN, mkd).add("XMKD", LOGIN, mkd);
        r.add("RMD", LOGIN, rmd).add("XRMD", LOGIN, rmd);
    }

    static CompletableFuture<Void> cwd(FtpSession s, String arg) {
        VirtualPath p = VirtualPath.resolve(s.cwd, arg.isEmpty() ? "/" : arg);
        return s.blocking(() -> {
            FtpFileSystem.Target t = s.ctx.fs.resolve(s.principal, p);
            if (!t.isRoot() && !Files.isDirectory(t.file())) {
                throw new FtpException(Files.exists(t.file()) ? FtpReplies.NOT_A_DIRECTORY : FtpReplies.NOT_FOUND);
            }
            return t;
        }).thenAccept(t -> {
            s.cwd = p;
            s.reply(FtpReplies.CWD_OK);
        });
    }

    static CompletableFuture<Void> mkd(FtpSession s, String arg) {
        if (arg.isEmpty()) return s.reply(FtpReplies.SYNTAX);
        VirtualPath p = VirtualPath.resolve(s.cwd, arg);
        return s.blocking(() -> {
            FtpFileSystem.Target t = s.ctx.fs.resolveForWrite(s.principal, p);
            Files.createDirectory(t.file());
            return t;
        }).thenAccept(t -> s.reply(FtpReplies.created(p.toString())));
    }

    static CompletableFuture<Void> rmd(FtpSession s, String arg) {
        if (arg.isEmpty()) return s.reply(FtpReplies.SYNTAX);
        VirtualPath p = VirtualPath.resolve(s.cwd, arg);
        return s.blocking(() -> {
            FtpFileSystem.Target t = s.ctx.fs.resolveForWrite(s.principal, p);
            if (!Files.isDirectory(t.file(), java.nio.file.LinkOption.NOFOLLOW_LINKS)) throw new FtpException(FtpReplies.NOT_A_DIRECTORY);
            Files.delete(t.file());
            return t;
        }).thenAccept(t -> s.reply(FtpReplies.RMD_OK));
    }
}

package io.switchboard.ftp;

import java.util.concurrent.CompletableFuture;

/**
 * The verbs that act on one path the user may write (DELE, MKD, RMD, RNFR; RFC 959 section 4.1.3):
 * a missing argument is a syntax error; otherwise the path is resolved for writing and acted on off
 * the event loop, then answered. Subclasses say only what they do and what they answer.
 */
abstract class WritablePathVerb implements FtpVerb {
    @Override
    public final CompletableFuture<Void> run(FtpSession s, String arg) throws Exception {
        if (arg.isEmpty()) return s.reply(FtpReplies.SYNTAX);
        VirtualPath p = VirtualPath.resolve(s.cwd, arg);
        return s.blocking(() -> {
            FtpFileSystem.Target t = s.ctx.fs.resolveForWrite(s.principal, p);
            act(s, t);
            return t;
        }).thenAccept(t -> answer(s, p));
    }

    /** The file-system work, on a blocking thread; an {@link FtpException} answers its reply instead. */
    abstract void act(FtpSession s, FtpFileSystem.Target t) throws Exception;

    /** Back on the session once {@link #act} succeeded. */
    abstract void answer(FtpSession s, VirtualPath p);
}

package io.switchboard.ftp;

import io.netty.channel.Channel;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One transfer over a data connection. It ends exactly once: normally (226), on a lost or bad
 * data connection (426/451), or by ABOR (the ABOR command sends the replies). Ending closes the
 * data channel, cleans up, and completes {@link #done}, which lets the session read its next command.
 */
abstract class Transfer {
    final FtpSession session;
    final CompletableFuture<Void> done = new CompletableFuture<>();
    private final AtomicBoolean ended = new AtomicBoolean();
    volatile Channel channel;
    volatile DataConnection data;

    Transfer(FtpSession session) {
        this.session = session;
    }

    /** Starts moving bytes on the connected data channel (called on the data channel's loop). */
    abstract void start(DataInbox inbox);

    /** Releases what the transfer holds (files, temp files); {@code success} says whether it completed. */
    abstract void cleanup(boolean success) throws Exception;

    boolean ended() {
        return ended.get();
    }

    /** Ends the transfer; {@code reply} null means the caller (ABOR) answers. */
    final void end(FtpReply reply) {
        if (!ended.compareAndSet(false, true)) return;
        Channel ch = channel;
        if (ch != null) ch.close();
        DataConnection d = data;
        if (d != null) d.close();
        boolean success = reply != null && reply.code() < 300;
        session.ctx.blocking.submit(() -> {
            cleanup(success);
            return null;
        }).whenComplete((v, e) -> session.control.eventLoop().execute(() -> {
            if (reply != null) session.reply(e == null ? reply : failureReply(e));
            if (session.transfer == this) session.transfer = null;
            done.complete(null);
        }));
    }

    /** 425 now unless PORT/PASV/EPRT/EPSV set up a data connection. */
    static void requireData(FtpSession s) throws FtpException {
        if (s.data == null) throw new FtpException(FtpReplies.USE_PORT_OR_PASV);
    }

    /** Hands the transfer its data connection: 150 now, the end reply when the transfer ends. */
    static CompletableFuture<Void> begin(FtpSession s, Transfer t, FtpReply opening) {
        DataConnection d = s.takeData();
        if (d == null) {
            t.abort();
            return s.reply(FtpReplies.USE_PORT_OR_PASV);
        }
        t.data = d;
        s.transfer = t;
        s.reply(opening);
        d.open().whenComplete((inbox, e) -> {
            Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
            if (e != null) t.end(cause instanceof FtpException fe ? fe.reply() : FtpReplies.DATA_OPEN_FAILED);
            else inbox.channel().eventLoop().execute(() -> {
                try {
                    t.start(inbox);
                } catch (RuntimeException ex) {
                    LoggerFactory.getLogger(Transfer.class).warn("FTP transfer failed to start", ex);
                    t.end(FtpReplies.LOCAL_ERROR);
                }
            });
        });
        return t.done;
    }

    private static FtpReply failureReply(Throwable e) {
        Throwable t = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        return t instanceof FtpException fe ? fe.reply() : FtpReplies.LOCAL_ERROR;
    }

    /** ABOR: stops the transfer; the replies are the caller's. */
    final void abort() {
        end(null);
    }
}

package io.switchboard.ftp;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.switchboard.net.BlockingExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Runs the commands of one control connection in order, one at a time. While a transfer runs,
 * ABOR, STAT and QUIT are answered at once (RFC 959 section 4.1.3); everything else waits.
 * "Not logged in" and unknown verbs are answered here for every verb.
 */
final class FtpControlHandler extends SimpleChannelInboundHandler<FtpCommand> {
    private static final Logger log = LoggerFactory.getLogger(FtpControlHandler.class);
    private static final Set<String> DURING_TRANSFER = Set.of("ABOR", "STAT", "QUIT");

    private final FtpContext ctx;
    private final FtpCommandRegistry registry;
    private final boolean implicitTls;
    private final ArrayDeque<FtpCommand> queue = new ArrayDeque<>();
    private FtpSession session;
    private boolean busy;
    private boolean counted;
    private boolean quitAfterTransfer;

    FtpControlHandler(FtpContext ctx, FtpCommandRegistry registry, boolean implicitTls) {
        this.ctx = ctx;
        this.registry = registry;
        this.implicitTls = implicitTls;
    }

    /** True when commands arrived after the one now running (checked by AUTH TLS). */
    boolean hasPipelinedInput() {
        FtpCommandDecoder d = session.control.pipeline().get(FtpCommandDecoder.class);
        return !queue.isEmpty() || (d != null && d.hasPendingBytes());
    }

    @Override
    public void channelActive(ChannelHandlerContext c) {
        session = new FtpSession(ctx, c.channel(), implicitTls);
        counted = true;
        if (ctx.sessions.incrementAndGet() > ctx.limits.maxClients()) {
            c.writeAndFlush(FtpReplies.TOO_MANY_CLIENTS).addListener(f -> c.close());
            return;
        }
        // under implicit TLS the greeting waits in the SslHandler until the handshake is done
        c.writeAndFlush(FtpReplies.GREETING);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext c, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent hs) {
            if (!hs.isSuccess()) c.close();
        } else if (evt instanceof IdleStateEvent) {
            if (session.transfer == null) c.writeAndFlush(FtpReplies.IDLE_TIMEOUT).addListener(f -> c.close());
        }
        c.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext c) {
        if (counted) ctx.sessions.decrementAndGet();
        if (session != null) {
            if (session.transfer != null) session.transfer.abort();
            session.closeData();
            session.closePassive();
        }
        queue.clear();
        c.fireChannelInactive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext c, FtpCommand cmd) {
        if (quitAfterTransfer) return;
        if (busy && session.transfer != null && DURING_TRANSFER.contains(cmd.verb())) {
            duringTransfer(cmd);
            return;
        }
        if (queue.size() >= FtpLimits.MAX_QUEUED_COMMANDS) {
            c.writeAndFlush(FtpReplies.TOO_MANY_PIPELINED).addListener(f -> c.close());
            return;
        }
        queue.add(cmd);
        drain();
    }

    private void duringTransfer(FtpCommand cmd) {
        switch (cmd.verb()) {
            case "ABOR" -> {
                // RFC 959 section 4.1.3: 426 for the transfer, then 226 for the ABOR
                session.transfer.abort();
                session.reply(FtpReplies.DATA_LOST);
                session.reply(FtpReplies.ABORT_OK);
            }
            case "STAT" -> session.reply(FtpReply.of(213, "Transfer in progress"));
            default -> {
                // RFC 959 section 4.1.1 QUIT: the transfer finishes and gets its reply, then 221 and close
                quitAfterTransfer = true;
                queue.clear();
            }
        }
    }

    private void drain() {
        while (!busy && !queue.isEmpty() && session.control.isActive()) {
            FtpCommand cmd = queue.poll();
            CompletableFuture<Void> f = run(cmd);
            if (!f.isDone()) {
                busy = true;
                f.whenComplete((v, e) -> session.control.eventLoop().execute(() -> {
                    if (e != null) fail(cmd, e);
                    busy = false;
                    if (quitAfterTransfer) {
                        session.control.writeAndFlush(FtpReplies.GOODBYE).addListener(x -> session.control.close());
                        return;
                    }
                    drain();
                }));
            } else if (f.isCompletedExceptionally()) {
                f.whenComplete((v, e) -> fail(cmd, e));
            }
        }
    }

    private CompletableFuture<Void> run(FtpCommand cmd) {
        if (cmd.tooLong()) return session.reply(FtpReplies.LINE_TOO_LONG);
        FtpCommandRegistry.Entry e = registry.find(cmd.verb());
        if (e == null) return session.reply(FtpReplies.UNKNOWN_COMMAND);
        if (e.need() == FtpVerb.Need.LOGIN && session.login != FtpSession.LoginState.LOGGED_IN) {
            return session.reply(FtpReplies.NOT_LOGGED_IN);
        }
        if (!cmd.verb().equals("RNTO")) {
            if (!cmd.verb().equals("RNFR")) session.renameFrom = null;
        }
        try {
            CompletableFuture<Void> f = e.handler().run(session, cmd.argument());
            return f == null ? FtpSession.DONE : f;
        } catch (Exception ex) {
            return CompletableFuture.failedFuture(ex);
        }
    }

    private void fail(FtpCommand cmd, Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof FtpException fe) {
            session.reply(fe.reply());
        } else if (t instanceof BlockingExecutor.BusyException) {
            session.reply(FtpReplies.BUSY);
        } else if (t instanceof java.nio.file.NoSuchFileException) {
            session.reply(FtpReplies.NOT_FOUND);
        } else if (t instanceof java.nio.file.FileAlreadyExistsException) {
            session.reply(FtpReplies.EXISTS);
        } else if (t instanceof java.nio.file.DirectoryNotEmptyException) {
            session.reply(FtpReplies.DIRECTORY_NOT_EMPTY);
        } else if (t instanceof java.nio.file.AccessDeniedException) {
            session.reply(FtpReplies.DENIED);
        } else {
            log.warn("FTP command {} failed", cmd, t);
            session.reply(FtpReplies.LOCAL_ERROR);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext c, Throwable cause) {
        log.debug("FTP control connection error: {}", cause.toString());
        c.close();
    }
}

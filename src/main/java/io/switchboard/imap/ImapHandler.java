package io.switchboard.imap;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.ssl.SslHandler;
import io.switchboard.config.ConfigKeys;
import io.switchboard.net.BlockingExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * Runs the commands of one connection in order, each on the blocking executor (they read the
 * database and blob storage), never on the event loop. Frames arriving while one runs wait in a
 * bounded queue. Also holds the two multi-frame exchanges: AUTHENTICATE continuation and IDLE.
 */
final class ImapHandler extends SimpleChannelInboundHandler<ImapDecoder.Frame> {
    private static final Logger log = LoggerFactory.getLogger(ImapHandler.class);
    /** Pipelined commands waiting while one runs. */
    private static final int MAX_QUEUED = 128;

    /** A command that needs the client's next line (AUTHENTICATE, IDLE). */
    interface Continuation {
        /** Handles the next line; returns true when the exchange is over. */
        boolean line(ImapHandler h, String line) throws Exception;
    }

    private final ImapContext ic;
    private final boolean implicitTls;
    private ImapSession session;
    private ChannelHandlerContext ctx;
    private final ArrayDeque<ImapDecoder.Frame> queue = new ArrayDeque<>();
    private boolean running;
    private Continuation continuation;
    private volatile boolean idling;

    ImapHandler(ImapContext ic, boolean implicitTls) {
        this.ic = ic;
        this.implicitTls = implicitTls;
    }

    ImapSession session() {
        return session;
    }

    /** Whether the client has logged in (the autologout timer applies rather than the login timer). */
    boolean loggedIn() {
        ImapSession s = session;
        return s != null && s.account != null;
    }

    ChannelHandlerContext ctx() {
        return ctx;
    }

    String clientIp() {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress().getHostAddress() : "";
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        session = new ImapSession(ic, ctx.channel(), implicitTls);
        session.flush(ImapReplies.greeting(implicitTls, session.loginAllowed()));
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (session != null && session.selected != null) ic.watchers().unwatch(session.selected.box.id(), this);
        ctx.fireChannelInactive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ImapDecoder.Frame frame) {
        if (queue.size() >= MAX_QUEUED) {
            ctx.writeAndFlush(ctx.alloc().buffer().writeBytes("* BYE Too many pipelined commands\r\n".getBytes(StandardCharsets.US_ASCII)))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        queue.add(frame);
        next();
    }

    /** Starts the next queued frame unless one runs. Event loop only. */
    private void next() {
        if (running || queue.isEmpty() || !ctx.channel().isActive()) return;
        ImapDecoder.Frame f = queue.poll();
        running = true;
        try {
            ic.blocking().execute(() -> {
                session.runLimit.start(ic.config().getDouble(ConfigKeys.IMAP_EXECUTION_TIMEOUT_SECONDS));
                try {
                    handle(f);
                } catch (CommandRunLimit.ClientNotReading stalled) {
                    closeStalled();
                } catch (Throwable t) {
                    log.warn("IMAP command failed: {}", t.toString(), t);
                    session.flush(ImapArgs.tagOf(f.bytes()) + " NO " + ImapReplies.SERVER_ERROR);
                } finally {
                    session.runLimit.finish();
                }
                ctx.executor().execute(() -> {
                    running = false;
                    next();
                });
            });
        } catch (BlockingExecutor.BusyException busy) {
            running = false;
            session.flush(ImapArgs.tagOf(f.bytes()) + " NO " + ImapReplies.SERVER_BUSY);
            ctx.executor().execute(this::next);
        }
    }

    /**
     * The running command's output waited past its run-time limit for a client that does not read:
     * BYE and close at once, releasing the blocking thread. The BYE is queued behind what the client
     * has not read, so it mostly does not arrive; the closed connection is the answer.
     */
    private void closeStalled() {
        log.info("IMAP: closing {}: response not read within imap.execution.timeout.seconds", clientIp());
        ic.runLimits().closedNotReading.increment();
        session.discardOutput();
        ctx.executor().execute(() -> {
            ctx.writeAndFlush(ctx.alloc().buffer().writeBytes((ImapReplies.BYE_RUN_LIMIT + "\r\n").getBytes(StandardCharsets.US_ASCII)));
            ctx.close();
        });
    }

    /** One frame, on the blocking executor. */
    private void handle(ImapDecoder.Frame f) throws Exception {
        if (f.tooBigTag() != null) {
            if (f.fatal()) {
                session.flush(ImapReplies.BYE_TOO_BIG);
                ctx.close();
            } else {
                session.flush(f.tooBigTag() + (f.lineTooLong() ? " BAD " + ImapReplies.BAD_LINE_TOO_LONG : " NO " + ImapReplies.TOO_BIG));
            }
            return;
        }
        if (continuation != null) {
            String line = f.text().replaceAll("\r?\n$", "");
            Continuation c = continuation;
            if (c.line(this, line)) continuation = null;
            return;
        }
        ImapArgs args;
        try {
            args = ImapArgs.parse(f.bytes());
        } catch (ImapException e) {
            session.flush(ImapArgs.tagOf(f.bytes()) + " BAD " + e.getMessage());
            return;
        }
        ImapVerb verb = ic.verbs().get(args.verb);
        if (verb == null) {
            session.flush(args.tag + " BAD " + ImapReplies.BAD_UNKNOWN);
            return;
        }
        if (!verb.allowedIn(session.state)) {
            session.flush(args.tag + " BAD " + ImapReplies.BAD_STATE);
            return;
        }
        String ok;
        try {
            ok = verb.run(this, session, args);
        } catch (ImapException e) {
            session.flush(args.tag + (e.isBad() ? " BAD " : " NO ") + e.getMessage());
            return;
        }
        if (ok != null) session.flush(args.tag + " OK " + ok);
    }

    /** The next client line goes to this continuation instead of the command parser. */
    void expectContinuation(Continuation c) {
        continuation = c;
    }

    void setIdling(boolean on) {
        idling = on;
    }

    /** Another session or a delivery changed the selected folder: idle clients hear at once. */
    void folderChanged() {
        if (!idling) return;
        try {
            ic.blocking().execute(this::refreshIdle);
        } catch (BlockingExecutor.BusyException busy) {
            // the next event or DONE brings the client up to date
        }
    }

    private void refreshIdle() {
        {
            try {
                if (idling && session.selected != null) {
                    synchronized (session) {
                        session.sync(true);
                    }
                    session.flush(null);
                }
            } catch (Exception e) {
                log.debug("IDLE refresh: {}", e.toString());
            }
        }
    }

    /**
     * Sends the tagged OK and switches to TLS in one event-loop task, so the client's handshake can
     * never reach the command decoder (RFC 3501 §6.2.1); the TLS context is built before.
     */
    void startTls(String okLine) throws java.io.IOException {
        io.netty.handler.ssl.SslContext tlsContext = ic.tls().server();
        java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
        ctx.executor().execute(() -> {
            queue.clear();
            ctx.writeAndFlush(ctx.alloc().buffer().writeBytes((okLine + "\r\n").getBytes(StandardCharsets.US_ASCII)));
            SslHandler ssl = tlsContext.newHandler(ctx.alloc());
            ctx.pipeline().addFirst("tls", ssl);
            done.complete(null);
        });
        done.join();
        session.tls = true;
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (session != null) session.writabilityChanged();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("IMAP connection error: {}", cause.toString());
        ctx.close();
    }
}

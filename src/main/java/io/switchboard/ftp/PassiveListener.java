package io.switchboard.ftp;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A session's passive data port (RFC 959 PASV, RFC 2428 EPSV): bound once on a free port of
 * {@code ftp.passive.ports} and kept for the session's later PASV/EPSV commands, so a client
 * sending thousands of small files does not cost a bind, a listen and a close each. Each PASV
 * registers the one {@link DataConnection} that the next accepted connection belongs to; a
 * connection with none waiting is closed. Data-connection theft protection: a connection from
 * another address than the control connection's is refused, fails the waiting transfer, and closes
 * this listener (its port is known now: the next PASV binds another). A port not asked for by a
 * PASV for {@code ftp.data.connect.seconds} is given back, so idle sessions do not hold ports of the range.
 * <p>
 * Bound on the control connection's event loop, like its data connections: every method runs there.
 */
final class PassiveListener {
    private static final Logger log = LoggerFactory.getLogger(PassiveListener.class);

    private final FtpSession session;
    private final InetAddress bind;
    private Channel channel;
    private int port;
    private DataConnection waiting;
    /** PASV commands served so far; the idle check closes the listener when this has not moved. */
    private long uses;
    private boolean idleCheckScheduled;

    private PassiveListener(FtpSession session, InetAddress bind) {
        this.session = session;
        this.bind = bind;
    }

    int port() {
        return port;
    }

    /** Still usable for a PASV on {@code bind} within {@code low..high} (the range may have changed live). */
    boolean fits(InetAddress bindAddress, int low, int high) {
        return channel != null && channel.isOpen() && bind.equals(bindAddress) && port >= low && port <= high;
    }

    /**
     * Binds a free port of the range, trying the ports one after the other from a random start
     * without blocking any thread. Completes with null when every port of the range is taken.
     */
    static CompletableFuture<PassiveListener> open(FtpSession session, InetAddress bind, int low, int high) {
        CompletableFuture<PassiveListener> out = new CompletableFuture<>();
        int span = high - low + 1;
        new PassiveListener(session, bind).tryBind(low, span, ThreadLocalRandom.current().nextInt(span), 0, out);
        return out;
    }

    private void tryBind(int low, int span, int start, int attempt, CompletableFuture<PassiveListener> out) {
        if (attempt >= span) {
            out.complete(null);
            return;
        }
        int candidate = low + (start + attempt) % span;
        ServerBootstrap b = new ServerBootstrap()
                // the control connection's own loop listens and serves: no hand-offs between loops per transfer
                .group(session.control.eventLoop(), session.control.eventLoop())
                .channel(session.ctx.loops.serverChannelClass())
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) throws Exception {
                        accepted(ch);
                    }
                });
        b.bind(new InetSocketAddress(bind, candidate)).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                tryBind(low, span, start, attempt + 1, out);   // taken: the next port
                return;
            }
            channel = f.channel();
            port = candidate;
            out.complete(this);
        });
    }

    /** The next accepted connection is {@code d}'s (replacing whatever PASV came before). */
    void expect(DataConnection d) {
        waiting = d;
        uses++;
        scheduleIdleCheck();
    }

    /** One pending check per listener: closes it when no PASV came since the last check. */
    private void scheduleIdleCheck() {
        if (idleCheckScheduled || channel == null || !channel.isOpen()) return;
        idleCheckScheduled = true;
        long seen = uses;
        session.control.eventLoop().schedule(() -> {
            idleCheckScheduled = false;
            if (uses == seen && waiting == null) close();
            else scheduleIdleCheck();
        }, session.ctx.limits.dataConnectSeconds(), java.util.concurrent.TimeUnit.SECONDS);
    }

    /** {@code d} no longer wants a connection (closed, timed out). */
    void forget(DataConnection d) {
        if (waiting == d) waiting = null;
    }

    private void accepted(SocketChannel ch) throws Exception {
        InetAddress from = ch.remoteAddress().getAddress();
        DataConnection d = waiting;
        if (!from.equals(session.remoteAddress())) {
            // someone else raced for our port: refuse it, and the transfer waiting for it
            session.ctx.stolenDataConnections.incrementAndGet();
            log.warn("refused data connection from {} for a control connection from {}", from, session.remoteAddress());
            ch.close();
            close();
            if (d != null) d.refuse(new FtpException(FtpReplies.DATA_FROM_WRONG_ADDRESS));
            return;
        }
        waiting = null;
        if (d == null) {
            ch.close();   // one connection per PASV
            return;
        }
        d.accepted(ch);
    }

    void close() {
        waiting = null;
        if (channel != null) channel.close();
    }
}

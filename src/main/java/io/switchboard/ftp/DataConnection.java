package io.switchboard.ftp;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.handler.timeout.IdleStateHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One data connection (RFC 959 section 3.2): passive (we listen on a port of
 * {@code ftp.passive.ports} and accept exactly one connection, which must come from the control
 * connection's address: data-connection theft protection) or active (we connect to the address a
 * PORT/EPRT named, which must also be the control connection's). With PROT P the data channel
 * speaks TLS as the server (RFC 4217 section 9).
 */
final class DataConnection {
    private static final Logger log = LoggerFactory.getLogger(DataConnection.class);

    private final FtpSession session;
    private final boolean protect;
    private final CompletableFuture<DataInbox> channel = new CompletableFuture<>();
    private final InetSocketAddress activeTarget;
    private volatile Channel listener;
    private final int port;

    private DataConnection(FtpSession session, InetSocketAddress activeTarget, Channel listener, int port) {
        this.session = session;
        this.protect = session.protectData;
        this.activeTarget = activeTarget;
        this.listener = listener;
        this.port = port;
    }

    int port() {
        return port;
    }

    /**
     * Opens a passive listener on {@code bind} at a free port of the range, trying the ports one
     * after the other from a random start without blocking any thread. Completes with null when
     * every port of the range is taken.
     */
    static CompletableFuture<DataConnection> passive(FtpSession session, InetAddress bind, int low, int high) {
        CompletableFuture<DataConnection> out = new CompletableFuture<>();
        int span = high - low + 1;
        tryBind(session, bind, low, span, ThreadLocalRandom.current().nextInt(span), 0, out);
        return out;
    }

    private static void tryBind(FtpSession session, InetAddress bind, int low, int span, int start, int attempt,
                                CompletableFuture<DataConnection> out) {
        if (attempt >= span) {
            out.complete(null);
            return;
        }
        int port = low + (start + attempt) % span;
        DataConnection d = new DataConnection(session, null, null, port);
        ServerBootstrap b = new ServerBootstrap()
                .group(session.ctx.loops.boss(), session.ctx.loops.workers())
                .channel(session.ctx.loops.serverChannelClass())
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) throws Exception {
                        d.accepted(ch);
                    }
                });
        b.bind(new InetSocketAddress(bind, port)).addListener((io.netty.channel.ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                tryBind(session, bind, low, span, start, attempt + 1, out);   // taken: the next port
                return;
            }
            d.listener = f.channel();
            d.listener.eventLoop().schedule(() -> {
                // nobody came: free the port
                if (d.channel.completeExceptionally(new FtpException(FtpReplies.DATA_OPEN_FAILED))) d.listener.close();
            }, session.ctx.limits.dataConnectSeconds(), TimeUnit.SECONDS);
            out.complete(d);
        });
    }

    /** Remembers where to connect for an active transfer (PORT/EPRT). */
    static DataConnection active(FtpSession session, InetSocketAddress target) {
        return new DataConnection(session, target, null, target.getPort());
    }

    private void accepted(SocketChannel ch) throws Exception {
        InetAddress from = ch.remoteAddress().getAddress();
        if (!from.equals(session.remoteAddress())) {
            // someone else raced for our port: refuse it, and this PASV too (the port is known now)
            session.ctx.stolenDataConnections.incrementAndGet();
            log.warn("refused data connection from {} for a control connection from {}", from, session.remoteAddress());
            ch.close();
            Channel l = listener;
            if (l != null) l.close();
            channel.completeExceptionally(new FtpException(FtpReplies.DATA_FROM_WRONG_ADDRESS));
            return;
        }
        if (channel.isDone()) {
            ch.close();
            return;
        }
        DataInbox inbox = prepare(ch);
        Channel l = listener;
        if (l != null) l.close();   // one connection per PASV
        if (!channel.complete(inbox)) ch.close();
    }

    private DataInbox prepare(Channel ch) throws Exception {
        ch.pipeline().addLast("idle", new IdleStateHandler(0, 0, session.ctx.limits.dataIdleSeconds()));
        if (protect) {
            // TLS 1.2 on data connections: a TLS 1.3 server sends its session tickets after the
            // handshake; a client that uploads and closes without reading them makes its kernel
            // answer with a reset, which destroys the unread end of the upload on our side
            javax.net.ssl.SSLEngine engine = session.ctx.tls.get().newEngine(ch.alloc());
            engine.setEnabledProtocols(new String[]{"TLSv1.2"});
            SslHandler tls = new SslHandler(engine);
            ch.pipeline().addLast("tls", tls);
        }
        ch.pipeline().addLast("chunked", new ChunkedWriteHandler());
        DataInbox inbox = new DataInbox(ch);
        ch.pipeline().addLast("inbox", inbox);
        return inbox;
    }

    /** The connected data channel (for active mode this starts the connection). */
    CompletableFuture<DataInbox> open() {
        if (activeTarget != null && !channel.isDone()) {
            DataInbox[] inbox = new DataInbox[1];
            Bootstrap b = new Bootstrap()
                    .group(session.control.eventLoop())
                    .channel(session.ctx.loops.clientChannelClass())
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, session.ctx.limits.dataConnectSeconds() * 1000)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) throws Exception {
                            inbox[0] = prepare(ch);
                        }
                    });
            b.connect(activeTarget, new InetSocketAddress(session.localAddress(), 0)).addListener(f -> {
                if (f.isSuccess()) {
                    if (!channel.complete(inbox[0])) inbox[0].channel().close();   // closed meanwhile (ABOR, QUIT)
                }
                else channel.completeExceptionally(new FtpException(FtpReplies.DATA_OPEN_FAILED));
            });
        }
        return channel;
    }

    void close() {
        Channel l = listener;
        if (l != null) l.close();
        channel.completeExceptionally(new FtpException(FtpReplies.DATA_LOST));
        if (channel.isDone() && !channel.isCompletedExceptionally()) {
            DataInbox inbox = channel.join();
            inbox.channel().close();
            inbox.channel().eventLoop().execute(inbox::discard);
        }
    }
}

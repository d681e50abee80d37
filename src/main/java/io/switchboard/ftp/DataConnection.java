package io.switchboard.ftp;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.handler.timeout.IdleStateHandler;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One data connection (RFC 959 section 3.2): passive (the next connection the session's
 * {@link PassiveListener} accepts from the control connection's address: data-connection theft
 * protection) or active (we connect to the address a
 * PORT/EPRT named, which must also be the control connection's). With PROT P the data channel
 * speaks TLS as the server (RFC 4217 section 9).
 */
final class DataConnection {

    private final FtpSession session;
    private final boolean protect;
    private final CompletableFuture<DataInbox> channel = new CompletableFuture<>();
    private final InetSocketAddress activeTarget;
    private final PassiveListener listener;
    private final int port;

    private DataConnection(FtpSession session, InetSocketAddress activeTarget, PassiveListener listener, int port) {
        this.session = session;
        this.protect = session.protectData;
        this.activeTarget = activeTarget;
        this.listener = listener;
        this.port = port;
    }

    int port() {
        return port;
    }

    /** A passive data connection: the next connection {@code listener} accepts (within ftp.data.connect.seconds). */
    static DataConnection passive(FtpSession session, PassiveListener listener) {
        DataConnection d = new DataConnection(session, null, listener, listener.port());
        listener.expect(d);
        var timeout = session.control.eventLoop().schedule(() -> {
            // nobody came
            if (d.channel.completeExceptionally(new FtpException(FtpReplies.DATA_OPEN_FAILED))) listener.forget(d);
        }, session.ctx.limits.dataConnectSeconds(), TimeUnit.SECONDS);
        d.channel.whenComplete((inbox, e) -> timeout.cancel(false));
        return d;
    }

    /** Remembers where to connect for an active transfer (PORT/EPRT). */
    static DataConnection active(FtpSession session, InetSocketAddress target) {
        return new DataConnection(session, target, null, target.getPort());
    }

    /** The connection its listener accepted for this PASV (on the control connection's loop). */
    void accepted(SocketChannel ch) throws Exception {
        if (channel.isDone()) {
            ch.close();
            return;
        }
        DataInbox inbox = prepare(ch);
        if (!channel.complete(inbox)) ch.close();
    }

    /** The listener refused a connection meant for this one (theft protection). */
    void refuse(FtpException e) {
        channel.completeExceptionally(e);
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
        if (listener != null) {
            if (session.control.eventLoop().inEventLoop()) listener.forget(this);
            else session.control.eventLoop().execute(() -> listener.forget(this));
        }
        channel.completeExceptionally(new FtpException(FtpReplies.DATA_LOST));
        if (channel.isDone() && !channel.isCompletedExceptionally()) {
            DataInbox inbox = channel.join();
            inbox.channel().close();
            inbox.channel().eventLoop().execute(inbox::discard);
        }
    }
}

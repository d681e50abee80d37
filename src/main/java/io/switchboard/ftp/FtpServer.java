package io.switchboard.ftp;

import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.switchboard.config.ConfigKeys;
import io.switchboard.net.ProtocolServer;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * The FTP listeners: {@code ftp.port} (plain, AUTH TLS upgrades: explicit FTPS, RFC 4217) and
 * {@code ftps.port} (implicit TLS). Listener 0 is FTP, listener 1 is FTPS.
 */
public final class FtpServer extends ProtocolServer {
    private final FtpContext ctx;
    private final FtpCommandRegistry registry = FtpCommandRegistry.standard();

    FtpServer(FtpContext ctx) {
        super("ftp");
        this.ctx = ctx;
    }

    @Override
    protected List<Listener> listeners() {
        String bind = ctx.config.get(ConfigKeys.HTTP_BIND);
        return List.of(
                new Listener(new InetSocketAddress(bind, ctx.config.getInt(ConfigKeys.FTP_PORT)), TlsMode.STARTTLS),
                new Listener(new InetSocketAddress(bind, ctx.config.getInt(ConfigKeys.FTPS_PORT)), TlsMode.IMPLICIT));
    }

    @Override
    protected void initChannel(SocketChannel ch, Listener listener) throws Exception {
        boolean implicit = listener.tls() == TlsMode.IMPLICIT;
        if (implicit) ch.pipeline().addLast("tls", new SslHandler(ctx.tls.get().newEngine(ch.alloc())));
        ch.pipeline().addLast("idle", new IdleStateHandler(0, 0, ctx.limits.idleSeconds()));
        ch.pipeline().addLast("decoder", new FtpCommandDecoder(ctx.limits.maxLine()));
        ch.pipeline().addLast("encoder", FtpReplyEncoder.INSTANCE);
        ch.pipeline().addLast("session", new FtpControlHandler(ctx, registry, implicit));
    }

    /** Control connections now open. */
    public int sessions() {
        return ctx.sessions.get();
    }

    /** Passive data connections refused because they came from another address than their control connection. */
    public long refusedDataConnections() {
        return ctx.stolenDataConnections.get();
    }
}

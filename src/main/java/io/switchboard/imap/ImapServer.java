package io.switchboard.imap;

import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.switchboard.config.ConfigKeys;
import io.switchboard.net.ProtocolServer;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The IMAP listeners: {@code imap.port} with STARTTLS and {@code imaps.port} with implicit TLS (RFC 8314). */
final class ImapServer extends ProtocolServer {
    /** RFC 3501 §5.4: the autologout timer is at least 30 minutes. */
    static final int IDLE_SECONDS = 31 * 60;

    private final ImapContext ic;

    ImapServer(ImapContext ic) {
        super("imap");
        this.ic = ic;
    }

    @Override
    protected List<Listener> listeners() {
        String bind = ic.config().get(ConfigKeys.HTTP_BIND);
        return List.of(
                new Listener(new InetSocketAddress(bind, ic.config().getInt(ConfigKeys.IMAP_PORT)), TlsMode.STARTTLS),
                new Listener(new InetSocketAddress(bind, ic.config().getInt(ConfigKeys.IMAPS_PORT)), TlsMode.IMPLICIT));
    }

    @Override
    protected void initChannel(SocketChannel ch, Listener listener) throws Exception {
        boolean implicit = listener.tls() == TlsMode.IMPLICIT;
        if (implicit) ch.pipeline().addLast("tls", ic.tls().server().newHandler(ch.alloc()));
        ch.pipeline().addLast("idle", new IdleStateHandler(IDLE_SECONDS, 0, 0, TimeUnit.SECONDS));
        ch.pipeline().addLast("decoder", new ImapDecoder(() -> ic.config().getLong(ConfigKeys.IMAP_MAX_LITERAL)));
        ch.pipeline().addLast("session", new ImapHandler(ic, implicit));
    }
}

package io.switchboard.imap;

import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.switchboard.config.ConfigKeys;
import io.switchboard.net.ProtocolServer;

import java.net.InetSocketAddress;
import java.util.List;

/** The IMAP listeners: {@code imap.port} with STARTTLS and {@code imaps.port} with implicit TLS (RFC 8314). */
final class ImapServer extends ProtocolServer {
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
        // room for a few hundred KiB of FETCH output in flight before a streaming FETCH waits for the
        // client (ImapSession.flushIfLarge): fewer hand-offs between the command thread and the event loop
        ch.config().setWriteBufferWaterMark(new WriteBufferWaterMark(512 * 1024, 2 * 1024 * 1024));
        if (implicit) ch.pipeline().addLast("tls", ic.tls().server().newHandler(ch.alloc()));
        ImapDecoder decoder = new ImapDecoder(() -> ic.config().getLong(ConfigKeys.IMAP_MAX_LITERAL));
        ImapHandler handler = new ImapHandler(ic, implicit);
        ch.pipeline().addLast("timeouts", new ImapTimeouts(decoder::midCommand, handler::loggedIn,
                () -> ic.config().getLong(ConfigKeys.IMAP_COMMAND_TIMEOUT_SECONDS),
                () -> ic.config().getLong(ConfigKeys.IMAP_LOGIN_TIMEOUT_SECONDS),
                () -> ic.config().getLong(ConfigKeys.IMAP_AUTOLOGOUT_SECONDS)));
        ch.pipeline().addLast("decoder", decoder);
        ch.pipeline().addLast("session", handler);
    }
}

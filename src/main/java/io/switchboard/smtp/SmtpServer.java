package io.switchboard.smtp;

import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.switchboard.config.ConfigKeys;
import io.switchboard.mail.MailDirectory;
import io.switchboard.net.ProtocolServer;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The listener of one mail_server row (MX, submission with STARTTLS, or implicit TLS). */
final class SmtpServer extends ProtocolServer {
    /** What a connection needs to know about its listener. */
    record Endpoint(SmtpServer server, MailDirectory.ServerRow row) {
        boolean implicitTls() {
            return row.alwaysOnTls();
        }

        long maxSize() {
            return row.maxSize() > 0 ? row.maxSize() : DEFAULT_MAX_SIZE;
        }
    }

    /** max_size when the row leaves it empty: 25 MiB. */
    static final long DEFAULT_MAX_SIZE = 25L * 1024 * 1024;
    /** RFC 5321 §4.5.3.2: at least 5 minutes for commands and data blocks. */
    static final int IDLE_SECONDS = 300;

    private final SmtpContext sc;
    private final Endpoint endpoint;

    SmtpServer(SmtpContext sc, MailDirectory.ServerRow row) {
        super("smtp " + row.hostname());
        this.sc = sc;
        this.endpoint = new Endpoint(this, row);
    }

    MailDirectory.ServerRow row() {
        return endpoint.row();
    }

    @Override
    protected List<Listener> listeners() {
        String override = sc.config().get(ConfigKeys.SMTP_LISTEN_OVERRIDE).trim();
        String spec = override.isEmpty() ? endpoint.row().listen() : override;
        if (spec == null || spec.isBlank()) spec = "0.0.0.0:" + (endpoint.implicitTls() ? 465 : 25);
        int colon = spec.lastIndexOf(':');
        String host = spec.substring(0, colon).replace("[", "").replace("]", "");
        int port = Integer.parseInt(spec.substring(colon + 1).trim());
        return List.of(new Listener(new InetSocketAddress(host, port),
                endpoint.implicitTls() ? TlsMode.IMPLICIT : TlsMode.STARTTLS));
    }

    @Override
    protected void initChannel(SocketChannel ch, Listener listener) throws Exception {
        if (endpoint.implicitTls()) ch.pipeline().addLast("tls", sc.tls().server().newHandler(ch.alloc()));
        SmtpDecoder decoder = new SmtpDecoder(endpoint.maxSize());
        ch.pipeline().addLast("idle", new IdleStateHandler(IDLE_SECONDS, 0, 0, TimeUnit.SECONDS));
        ch.pipeline().addLast("decoder", decoder);
        ch.pipeline().addLast("session", new SmtpHandler(sc, endpoint, decoder));
    }
}

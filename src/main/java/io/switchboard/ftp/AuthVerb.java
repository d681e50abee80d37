package io.switchboard.ftp;

import io.netty.handler.ssl.SslHandler;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/** AUTH TLS (RFC 4217 section 4): explicit FTPS; the 234 goes out in clear text, then the handshake. */
final class AuthVerb implements FtpVerb {
    @Override
    public CompletableFuture<Void> run(FtpSession s, String arg) throws Exception {
        String mech = arg.trim().toUpperCase(Locale.ROOT);
        if (!mech.equals("TLS") && !mech.equals("TLS-C") && !mech.equals("SSL")) return s.reply(FtpReplies.AUTH_UNSUPPORTED);
        if (s.tls) return s.reply(FtpReplies.AUTH_ALREADY);
        if (s.login == FtpSession.LoginState.LOGGED_IN) return s.reply(FtpReplies.BAD_SEQUENCE);
        FtpControlHandler control = s.control.pipeline().get(FtpControlHandler.class);
        if (control.hasPipelinedInput()) {
            // RFC 4217 section 4: nothing may be in flight across the switch (command injection)
            s.control.writeAndFlush(FtpReplies.PIPELINED_AFTER_AUTH).addListener(f -> s.control.close());
            return FtpSession.DONE;
        }
        // the context may still be generating its self-signed pair: never on the event loop
        return s.blocking(() -> s.ctx.tls.get()).thenAccept(sslContext -> {
            if (control.hasPipelinedInput()) {
                s.control.writeAndFlush(FtpReplies.PIPELINED_AFTER_AUTH).addListener(f -> s.control.close());
                return;
            }
            // startTls: the 234 reply itself still goes out in clear text
            s.control.pipeline().addFirst("tls", new SslHandler(sslContext.newEngine(s.control.alloc()), true));
            s.tls = true;
            s.reply(FtpReplies.AUTH_TLS_OK);
        });
    }

    @Override
    public Need need() {
        return Need.ANYTIME;
    }
}

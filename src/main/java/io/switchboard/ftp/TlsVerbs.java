package io.switchboard.ftp;

import io.netty.handler.ssl.SslHandler;

import java.util.Locale;
import java.util.concurrent.CompletableFuture;

import static io.switchboard.ftp.FtpVerb.Need.ANYTIME;

/** AUTH TLS, PBSZ, PROT (RFC 2228, RFC 4217 explicit FTPS). */
final class TlsVerbs {
    private TlsVerbs() {
    }

    static void register(FtpCommandRegistry r) {
        r.add("AUTH", ANYTIME, TlsVerbs::auth);
        // RFC 4217 section 9: PBSZ 0 is the only size for a streaming protocol such as TLS
        r.add("PBSZ", ANYTIME, (s, a) -> {
            if (!s.tls) return s.reply(FtpReplies.PROT_NEEDS_TLS);
            s.pbsz = true;
            return s.reply(FtpReplies.PBSZ_OK);
        });
        r.add("PROT", ANYTIME, TlsVerbs::prot);
    }

    static CompletableFuture<Void> auth(FtpSession s, String arg) throws Exception {
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

    static CompletableFuture<Void> prot(FtpSession s, String arg) {
        if (!s.tls || !s.pbsz) return s.reply(FtpReplies.PROT_NEEDS_TLS);
        switch (arg.trim().toUpperCase(Locale.ROOT)) {
            case "P" -> s.protectData = true;
            case "C" -> s.protectData = false;
            default -> {
                return s.reply(FtpReplies.PROT_UNSUPPORTED);
            }
        }
        return s.reply(FtpReplies.PROT_OK);
    }
}

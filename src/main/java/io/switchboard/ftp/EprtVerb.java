package io.switchboard.ftp;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/** EPRT |proto|address|port| (RFC 2428 section 2); a numeric address only, and it must be the control peer. */
final class EprtVerb implements FtpVerb {
    @Override
    public CompletableFuture<Void> run(FtpSession s, String arg) throws Exception {
        String a = arg.trim();
        if (a.length() < 7) return s.reply(FtpReplies.SYNTAX);
        String delim = a.substring(0, 1);
        String[] f = a.substring(1).split(Pattern.quote(delim), -1);
        if (f.length < 3) return s.reply(FtpReplies.SYNTAX);
        if (!f[0].equals("1") && !f[0].equals("2")) return s.reply(FtpReplies.EPRT_UNSUPPORTED);
        int port;
        try {
            port = Integer.parseInt(f[2]);
        } catch (NumberFormatException e) {
            return s.reply(FtpReplies.SYNTAX);
        }
        // a numeric literal only: never resolve a name the client sends
        if (!f[1].matches("[0-9.]+|[0-9a-fA-F:.]+")) return s.reply(FtpReplies.SYNTAX);
        InetAddress addr;
        try {
            addr = InetAddress.getByName(f[1]);
        } catch (UnknownHostException e) {
            return s.reply(FtpReplies.SYNTAX);
        }
        return PortVerb.active(s, addr, port);
    }
}

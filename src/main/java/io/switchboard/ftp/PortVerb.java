package io.switchboard.ftp;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/** PORT h1,h2,h3,h4,p1,p2 (RFC 959 section 4.1.2); the host must be the control peer. */
final class PortVerb implements FtpVerb {
    /** PORT or EPRT: remembers where to connect, if that is the client itself. */
    static CompletableFuture<Void> active(FtpSession s, InetAddress addr, int port) {
        s.closeData();
        // no bounce attacks (RFC 2577 section 3): only the client's own address, no privileged ports
        if (!addr.equals(s.remoteAddress()) || port < 1024 || port > 65535) return s.reply(FtpReplies.PORT_REFUSED);
        s.data = DataConnection.active(s, new InetSocketAddress(addr, port));
        return s.reply(FtpReplies.PORT_OK);
    }

    private static int octet(String s) {
        int v = Integer.parseInt(s.trim());
        if (v < 0 || v > 255) throw new NumberFormatException(s);
        return v;
    }

    @Override
    public CompletableFuture<Void> run(FtpSession s, String arg) throws Exception {
        String[] p = arg.trim().split(",");
        if (p.length != 6) return s.reply(FtpReplies.SYNTAX);
        byte[] ip = new byte[4];
        int port;
        try {
            for (int i = 0; i < 4; i++) ip[i] = (byte) octet(p[i]);
            port = octet(p[4]) * 256 + octet(p[5]);
        } catch (NumberFormatException e) {
            return s.reply(FtpReplies.SYNTAX);
        }
        return active(s, InetAddress.getByAddress(ip), port);
    }
}

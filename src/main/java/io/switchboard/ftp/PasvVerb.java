package io.switchboard.ftp;

import io.switchboard.config.ConfigKeys;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;

/** PASV (RFC 959 section 4.1.1): listen on a port of {@code ftp.passive.ports}, advertised at {@code ftp.passive.address}. */
final class PasvVerb implements FtpVerb {
    /** PASV, or EPSV when {@code extended} (RFC 2428 section 3). */
    static CompletableFuture<Void> passive(FtpSession s, boolean extended) throws Exception {
        s.closeData();
        int[] range = portRange(s.ctx.config.get(ConfigKeys.FTP_PASSIVE_PORTS));
        String advertised = s.ctx.config.get(ConfigKeys.FTP_PASSIVE_ADDRESS).trim();
        InetAddress bind = s.localAddress();
        InetAddress shown = bind;
        if (!advertised.isEmpty()) {
            // a literal address only (a host name would need a blocking look-up on the event loop)
            if (!advertised.matches("[0-9.]+|[0-9a-fA-F:.]+")) throw new FtpException(FtpReply.of(425, "ftp.passive.address must be an IP address"));
            shown = InetAddress.getByName(advertised);
        }
        if (!extended && !(shown instanceof Inet4Address)) throw new FtpException(FtpReply.of(425, "PASV needs IPv4; use EPSV"));
        InetAddress finalShown = shown;
        PassiveListener kept = s.passive;
        if (kept != null && kept.fits(bind, range[0], range[1])) {
            s.data = DataConnection.passive(s, kept);
            return s.reply(extended ? FtpReplies.extendedPassive(kept.port()) : FtpReplies.passive(finalShown.getAddress(), kept.port()));
        }
        s.closePassive();
        return PassiveListener.open(s, bind, range[0], range[1]).thenAcceptAsync(l -> {
            if (l == null) {
                s.reply(FtpReplies.NO_PASSIVE_PORT);
                return;
            }
            if (!s.control.isActive()) {
                l.close();
                return;
            }
            s.passive = l;
            s.data = DataConnection.passive(s, l);
            s.reply(extended ? FtpReplies.extendedPassive(l.port()) : FtpReplies.passive(finalShown.getAddress(), l.port()));
        }, s.control.eventLoop());
    }

    /** "low-high" within 1024-65535; anything else is the default range. */
    static int[] portRange(String spec) {
        try {
            String[] p = spec.trim().split("-");
            int low = Integer.parseInt(p[0].trim());
            int high = p.length > 1 ? Integer.parseInt(p[1].trim()) : low;
            if (low >= 1024 && high <= 65535 && low <= high) return new int[]{low, high};
        } catch (NumberFormatException ignored) {
            // fall through to the default range
        }
        return new int[]{30000, 30999};
    }

    @Override
    public CompletableFuture<Void> run(FtpSession s, String arg) throws Exception {
        return passive(s, false);
    }
}

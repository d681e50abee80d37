package io.switchboard.ftp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.switchboard.config.ConfigKeys;

import org.slf4j.LoggerFactory;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static io.switchboard.ftp.FtpVerb.Need.ANYTIME;
import static io.switchboard.ftp.FtpVerb.Need.LOGIN;

/**
 * Data connection set-up (PORT, PASV, EPRT, EPSV), REST, ABOR, and the verbs that use a data
 * connection: LIST, NLST, MLSD, RETR, STOR, APPE, STOU.
 */
final class DataVerbs {
    enum Listing { LIST, NLST, MLSD }

    private DataVerbs() {
    }

    static void register(FtpCommandRegistry r) {
        r.add("PASV", LOGIN, (s, a) -> passive(s, false));
        r.add("EPSV", LOGIN, DataVerbs::epsv);
        r.add("PORT", LOGIN, DataVerbs::port);
        r.add("EPRT", LOGIN, DataVerbs::eprt);
        r.add("REST", LOGIN, DataVerbs::rest);
        r.add("ABOR", ANYTIME, (s, a) -> s.reply(FtpReplies.NO_TRANSFER_TO_ABORT));
        r.add("LIST", LOGIN, (s, a) -> list(s, a, Listing.LIST));
        r.add("NLST", LOGIN, (s, a) -> list(s, a, Listing.NLST));
        r.add("MLSD", LOGIN, (s, a) -> list(s, a, Listing.MLSD));
        r.add("RETR", LOGIN, DataVerbs::retr);
        r.add("STOR", LOGIN, (s, a) -> store(s, a, Store.STOR));
        r.add("APPE", LOGIN, (s, a) -> store(s, a, Store.APPE));
        r.add("STOU", LOGIN, (s, a) -> store(s, a, Store.STOU));
    }

    // ---------------------------------------------------------------- set-up

    /** PASV (RFC 959) or EPSV (RFC 2428 section 3): listen on a port of the configured range. */
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
        return DataConnection.passive(s, bind, range[0], range[1]).thenAcceptAsync(d -> {
            if (d == null) {
                s.reply(FtpReplies.NO_PASSIVE_PORT);
                return;
            }
            if (!s.control.isActive()) {
                d.close();
                return;
            }
            s.data = d;
            s.reply(extended ? FtpReplies.extendedPassive(d.port()) : FtpReplies.passive(finalShown.getAddress(), d.port()));
        }, s.control.eventLoop());
    }

    static CompletableFuture<Void> epsv(FtpSession s, String arg) throws Exception {
        String a = arg.trim();
        if (a.equalsIgnoreCase("ALL")) return s.reply(FtpReply.of(200, "EPSV ALL ok"));
        if (!a.isEmpty() && !a.equals("1") && !a.equals("2")) return s.reply(FtpReplies.EPRT_UNSUPPORTED);
        return passive(s, true);
    }

    /** PORT h1,h2,h3,h4,p1,p2 (RFC 959 section 4.1.2); the host must be the control peer. */
    static CompletableFuture<Void> port(FtpSession s, String arg) throws Exception {
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

    /** EPRT |proto|address|port| (RFC 2428 section 2). */
    static CompletableFuture<Void> eprt(FtpSession s, String arg) throws Exception {
        String a = arg.trim();
        if (a.length() < 7) return s.reply(FtpReplies.SYNTAX);
        String delim = a.substring(0, 1);
        String[] f = a.substring(1).split(java.util.regex.Pattern.quote(delim), -1);
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
        } catch (java.net.UnknownHostException e) {
            return s.reply(FtpReplies.SYNTAX);
        }
        return active(s, addr, port);
    }

    private static CompletableFuture<Void> active(FtpSession s, InetAddress addr, int port) {
        s.closeData();
        // no bounce attacks (RFC 2577 section 3): only the client's own address, no privileged ports
        if (!addr.equals(s.remoteAddress()) || port < 1024 || port > 65535) return s.reply(FtpReplies.PORT_REFUSED);
        s.data = DataConnection.active(s, new InetSocketAddress(addr, port));
        return s.reply(FtpReplies.PORT_OK);
    }

    static CompletableFuture<Void> rest(FtpSession s, String arg) {
        try {
            long off = Long.parseLong(arg.trim());
            if (off < 0) return s.reply(FtpReplies.SYNTAX);
            s.restOffset = off;
            return s.reply(FtpReplies.restAt(off));
        } catch (NumberFormatException e) {
            return s.reply(FtpReplies.SYNTAX);
        }
    }

    // ---------------------------------------------------------------- transfers

    /** Hands the transfer its data connection: 150 now, the end reply when the transfer ends. */
    private static CompletableFuture<Void> transfer(FtpSession s, Transfer t, FtpReply opening) {
        DataConnection d = s.takeData();
        if (d == null) {
            t.abort();
            return s.reply(FtpReplies.USE_PORT_OR_PASV);
        }
        t.data = d;
        s.transfer = t;
        s.reply(opening);
        d.open().whenComplete((inbox, e) -> {
            Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
            if (e != null) t.end(cause instanceof FtpException fe ? fe.reply() : FtpReplies.DATA_OPEN_FAILED);
            else inbox.channel().eventLoop().execute(() -> {
                try {
                    t.start(inbox);
                } catch (RuntimeException ex) {
                    LoggerFactory.getLogger(DataVerbs.class).warn("FTP transfer failed to start", ex);
                    t.end(FtpReplies.LOCAL_ERROR);
                }
            });
        });
        return t.done;
    }

    private static FtpException needData(FtpSession s) {
        return s.data == null ? new FtpException(FtpReplies.USE_PORT_OR_PASV) : null;
    }

    static String stripListOptions(String arg) {
        String a = arg.trim();
        // "LIST -la dir": ls options some clients send (not RFC 959, but universal)
        while (a.startsWith("-")) {
            int sp = a.indexOf(' ');
            a = sp < 0 ? "" : a.substring(sp + 1).trim();
        }
        return a;
    }

    static List<String> listLines(FtpSession s, VirtualPath p, Listing kind) throws Exception {
        FtpFileSystem.Target t = s.ctx.fs.resolve(s.principal, p);
        List<String> lines = new ArrayList<>();
        boolean dir = t.isRoot() || Files.isDirectory(t.file());
        if (!dir && !Files.exists(t.file())) throw new FtpException(FtpReplies.NOT_FOUND);
        if (kind == Listing.MLSD && !dir) throw new FtpException(FtpReplies.NOT_A_DIRECTORY);
        List<FtpFileSystem.Entry> entries = dir ? s.ctx.fs.list(s.principal, t) : List.of(s.ctx.fs.entry(t));
        Instant now = Instant.now();
        if (kind == Listing.MLSD) lines.add(ListingFormat.facts(s.ctx.fs.entry(t), "cdir").replaceFirst(" [^ ]*$", " ."));
        for (FtpFileSystem.Entry e : entries) {
            switch (kind) {
                case LIST -> lines.add(ListingFormat.unix(e, now));
                case NLST -> lines.add(dir ? e.name() : p.toString());
                case MLSD -> lines.add(ListingFormat.facts(e, null));
            }
        }
        return lines;
    }

    static CompletableFuture<Void> list(FtpSession s, String arg, Listing kind) throws Exception {
        FtpException no = needData(s);
        if (no != null) throw no;
        String a = kind == Listing.MLSD ? arg.trim() : stripListOptions(arg);
        VirtualPath p = VirtualPath.resolve(s.cwd, a);
        return s.blocking(() -> listLines(s, p, kind)).thenCompose(lines -> {
            StringBuilder sb = new StringBuilder();
            for (String l : lines) sb.append(l).append("\r\n");
            ByteBuf bytes = Unpooled.copiedBuffer(sb, StandardCharsets.UTF_8);
            return transfer(s, SendTransfer.listing(s, bytes), FtpReplies.opening("data connection for the listing"));
        });
    }

    static CompletableFuture<Void> retr(FtpSession s, String arg) throws Exception {
        if (arg.isEmpty()) return s.reply(FtpReplies.SYNTAX);
        FtpException no = needData(s);
        if (no != null) throw no;
        VirtualPath p = VirtualPath.resolve(s.cwd, arg);
        long offset = s.takeRestOffset();
        boolean ascii = s.ascii;
        return s.blocking(() -> {
            FtpFileSystem.Target t = s.ctx.fs.resolve(s.principal, p);
            if (t.isRoot() || !Files.isRegularFile(t.file())) {
                throw new FtpException(t.isRoot() || Files.exists(t.file()) ? FtpReplies.NOT_A_FILE : FtpReplies.NOT_FOUND);
            }
            FileChannel fc = FileChannel.open(t.file(), StandardOpenOption.READ);
            long size = fc.size();
            return SendTransfer.file(s, fc, Math.min(offset, size), Math.max(0, size - offset), ascii);
        }).thenCompose(t -> transfer(s, t, FtpReplies.opening((ascii ? "ASCII" : "BINARY") + " mode data connection for " + p.name())));
    }

    enum Store { STOR, APPE, STOU }

    static CompletableFuture<Void> store(FtpSession s, String arg, Store kind) throws Exception {
        if (arg.isEmpty() && kind != Store.STOU) return s.reply(FtpReplies.SYNTAX);
        FtpException no = needData(s);
        if (no != null) throw no;
        long offset = s.takeRestOffset();
        boolean ascii = s.ascii;
        VirtualPath requested = kind == Store.STOU
                ? VirtualPath.resolve(s.cwd, arg.isEmpty() ? "upload" : arg)
                : VirtualPath.resolve(s.cwd, arg);
        return s.blocking(() -> {
            VirtualPath p = requested;
            FtpFileSystem.Target t = s.ctx.fs.resolveForWrite(s.principal, p);
            if (kind == Store.STOU) {
                // RFC 959 STOU / RFC 1123 4.1.2.9: a name not yet used in that folder
                for (int i = 1; FtpFileSystem.exists(t.file()); i++) {
                    if (i > 10_000) throw new FtpException(FtpReplies.EXISTS);
                    p = requested.parent().child(requested.name() + "." + i);
                    t = s.ctx.fs.resolveForWrite(s.principal, p);
                }
            }
            Path target = t.file();
            if (Files.isDirectory(target)) throw new FtpException(FtpReplies.NOT_A_FILE);
            if (!Files.isDirectory(target.getParent())) throw new FtpException(FtpReplies.NOT_FOUND);
            String user = s.principal.userId();
            long replaced = Files.isRegularFile(target, java.nio.file.LinkOption.NOFOLLOW_LINKS) ? Files.size(target) : 0;
            boolean inPlace = kind == Store.APPE || offset > 0;
            // RFC 959 552: nothing left to store into (a new upload over a file may still reuse that file's bytes)
            if (user != null && s.ctx.quota.usage(user).remaining() == 0 && (inPlace || replaced == 0)) {
                throw new FtpException(FtpReplies.QUOTA_EXCEEDED);
            }
            ReceiveTransfer rt;
            if (inPlace) {
                FileChannel fc = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                long start = kind == Store.APPE ? fc.size() : Math.min(offset, fc.size());
                if (kind != Store.APPE) {
                    long before = fc.size();
                    fc.truncate(start);
                    if (user != null) s.ctx.quota.refund(user, before - start);
                }
                rt = new ReceiveTransfer(s, fc, start, null, target, ascii, 0);
            } else {
                Path temp = target.resolveSibling(FtpFileSystem.UPLOAD_PREFIX + UUID.randomUUID());
                FileChannel fc = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                rt = new ReceiveTransfer(s, fc, 0, temp, target, ascii, replaced);
            }
            return new Object[]{rt, p};
        }).thenCompose(o -> {
            VirtualPath p = (VirtualPath) o[1];
            FtpReply opening = kind == Store.STOU ? FtpReply.of(150, "FILE: " + p.name())
                    : FtpReplies.opening((ascii ? "ASCII" : "BINARY") + " mode data connection for " + p.name());
            return transfer(s, (Transfer) o[0], opening);
        });
    }

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

    private static int octet(String s) {
        int v = Integer.parseInt(s.trim());
        if (v < 0 || v > 255) throw new NumberFormatException(s);
        return v;
    }
}

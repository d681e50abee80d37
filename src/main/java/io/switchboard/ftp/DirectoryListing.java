package io.switchboard.ftp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A folder's listing in the three forms LIST, NLST and MLSD send, and the STAT-with-path reply shows. */
final class DirectoryListing {
    enum Kind { LIST, NLST, MLSD }

    private DirectoryListing() {
    }

    /** "LIST -la dir": drops the ls options some clients send (not RFC 959, but universal). */
    static String stripListOptions(String arg) {
        String a = arg.trim();
        while (a.startsWith("-")) {
            int sp = a.indexOf(' ');
            a = sp < 0 ? "" : a.substring(sp + 1).trim();
        }
        return a;
    }

    /** The lines for {@code p} (a folder, or for LIST/NLST also a file). Blocking. */
    static List<String> lines(FtpSession s, VirtualPath p, Kind kind) throws Exception {
        FtpFileSystem.Target t = s.ctx.fs.resolve(s.principal, p);
        List<String> lines = new ArrayList<>();
        boolean dir = t.isRoot() || Files.isDirectory(t.file());
        if (!dir && !Files.exists(t.file())) throw new FtpException(FtpReplies.NOT_FOUND);
        if (kind == Kind.MLSD && !dir) throw new FtpException(FtpReplies.NOT_A_DIRECTORY);
        List<FtpFileSystem.Entry> entries = dir ? s.ctx.fs.list(s.principal, t) : List.of(s.ctx.fs.entry(t));
        Instant now = Instant.now();
        if (kind == Kind.MLSD) lines.add(ListingFormat.facts(s.ctx.fs.entry(t), "cdir").replaceFirst(" [^ ]*$", " ."));
        for (FtpFileSystem.Entry e : entries) {
            switch (kind) {
                case LIST -> lines.add(ListingFormat.unix(e, now));
                case NLST -> lines.add(dir ? e.name() : p.toString());
                case MLSD -> lines.add(ListingFormat.facts(e, null));
            }
        }
        return lines;
    }

    /** Builds the listing on the blocking executor, then sends it over the data connection. */
    static CompletableFuture<Void> send(FtpSession s, String arg, Kind kind) throws Exception {
        Transfer.requireData(s);
        String a = kind == Kind.MLSD ? arg.trim() : stripListOptions(arg);
        VirtualPath p = VirtualPath.resolve(s.cwd, a);
        return s.blocking(() -> lines(s, p, kind)).thenCompose(lines -> {
            StringBuilder sb = new StringBuilder();
            for (String l : lines) sb.append(l).append("\r\n");
            ByteBuf bytes = Unpooled.copiedBuffer(sb, StandardCharsets.UTF_8);
            return Transfer.begin(s, SendTransfer.listing(s, bytes), FtpReplies.opening("data connection for the listing"));
        });
    }
}

package io.switchboard.ftp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

import static io.switchboard.ftp.FtpVerb.Need.ANYTIME;
import static io.switchboard.ftp.FtpVerb.Need.LOGIN;

/** SYST, NOOP, FEAT, OPTS, HELP, STAT, TYPE, MODE, STRU, ALLO: the verbs that only talk. */
final class InfoVerbs {
    /** RFC 2389 FEAT lines, each with its RFC. */
    static final List<String> FEATURES = List.of(
            "AUTH TLS",          // RFC 4217
            "PBSZ",              // RFC 4217
            "PROT",              // RFC 4217
            "EPRT",              // RFC 2428
            "EPSV",              // RFC 2428
            "MDTM",              // RFC 3659
            "MLST type*;size*;modify*;perm*;",  // RFC 3659
            "PASV",
            "REST STREAM",       // RFC 3659
            "SIZE",              // RFC 3659
            "TVFS",              // RFC 3659
            "UTF8");             // RFC 2640

    private InfoVerbs() {
    }

    static void register(FtpCommandRegistry r) {
        r.add("SYST", ANYTIME, (s, a) -> s.reply(FtpReplies.SYST));
        r.add("NOOP", ANYTIME, (s, a) -> s.reply(FtpReplies.NOOP));
        r.add("FEAT", ANYTIME, (s, a) -> {
            List<String> lines = new ArrayList<>();
            lines.add("Features:");
            lines.addAll(FEATURES);
            lines.add("End");
            return s.reply(new FtpReply(211, lines));
        });
        r.add("OPTS", ANYTIME, InfoVerbs::opts);
        r.add("HELP", ANYTIME, (s, a) -> {
            List<String> lines = new ArrayList<>();
            lines.add("The following commands are recognized:");
            lines.add(String.join(" ", r.all().keySet()));
            lines.add("Help OK");
            return s.reply(new FtpReply(214, lines));
        });
        r.add("STAT", ANYTIME, InfoVerbs::stat);
        r.add("TYPE", LOGIN, InfoVerbs::type);
        r.add("MODE", LOGIN, (s, a) -> s.reply(a.trim().equalsIgnoreCase("S") ? FtpReplies.MODE_OK : FtpReplies.NOT_IMPLEMENTED_PARAMETER));
        r.add("STRU", LOGIN, (s, a) -> s.reply(a.trim().equalsIgnoreCase("F") ? FtpReplies.STRU_OK : FtpReplies.NOT_IMPLEMENTED_PARAMETER));
        r.add("SITE", LOGIN, new SiteVerb());
        r.add("ALLO", LOGIN, (s, a) -> s.reply(FtpReply.of(202, "ALLO not needed")));
    }

    static CompletableFuture<Void> opts(FtpSession s, String arg) {
        String[] parts = arg.trim().split("\\s+", 2);
        String opt = parts[0].toUpperCase(Locale.ROOT);
        if (opt.equals("UTF8") || opt.equals("UTF-8")) return s.reply(FtpReplies.UTF8_ON);
        if (opt.equals("MLST")) return s.reply(FtpReply.of(200, "MLST OPTS type;size;modify;perm;"));
        return s.reply(FtpReplies.NOT_IMPLEMENTED_PARAMETER);
    }

    static CompletableFuture<Void> type(FtpSession s, String arg) {
        String t = arg.trim().toUpperCase(Locale.ROOT);
        // RFC 959 section 3.1.1: A and A N are text; I and L 8 are binary
        if (t.equals("A") || t.equals("A N")) {
            s.ascii = true;
            return s.reply(FtpReplies.TYPE_ASCII);
        }
        if (t.equals("I") || t.equals("L 8") || t.equals("L8")) {
            s.ascii = false;
            return s.reply(FtpReplies.TYPE_BINARY);
        }
        return s.reply(FtpReplies.NOT_IMPLEMENTED_PARAMETER);
    }

    /** STAT without argument: the session; with a path: its listing over the control connection (213). */
    static CompletableFuture<Void> stat(FtpSession s, String arg) {
        if (arg.isBlank() || s.login != FtpSession.LoginState.LOGGED_IN) {
            List<String> lines = new ArrayList<>();
            lines.add("Switchboard FTP status:");
            lines.add("Connected to " + s.localAddress().getHostAddress());
            lines.add(s.login == FtpSession.LoginState.LOGGED_IN ? "Logged in as " + s.userName : "Not logged in");
            lines.add("TYPE: " + (s.ascii ? "ASCII" : "BINARY") + "; control " + (s.tls ? "TLS" : "plain")
                    + "; data " + (s.protectData ? "TLS" : "plain"));
            if (s.login != FtpSession.LoginState.LOGGED_IN || s.principal.userId() == null) {
                lines.add("End of status");
                return s.reply(new FtpReply(211, lines));
            }
            String user = s.principal.userId();
            return s.blocking(() -> s.ctx.quota.usage(user)).thenAccept(u -> {
                lines.add(SiteVerb.describe(u));
                lines.add("End of status");
                s.reply(new FtpReply(211, lines));
            });
        }
        VirtualPath p = VirtualPath.resolve(s.cwd, DataVerbs.stripListOptions(arg));
        return s.blocking(() -> DataVerbs.listLines(s, p, DataVerbs.Listing.LIST)).thenAccept(lines -> {
            List<String> out = new ArrayList<>();
            out.add("Status of " + p + ":");
            out.addAll(lines);
            out.add("End of status");
            s.reply(new FtpReply(213, out));
        });
    }
}

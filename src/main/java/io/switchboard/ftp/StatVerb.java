package io.switchboard.ftp;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** STAT (RFC 959 section 4.1.3): without argument the session (and the quota); with a path its listing over the control connection (213). During a transfer the control handler answers it. */
final class StatVerb implements FtpVerb {
    @Override
    public CompletableFuture<Void> run(FtpSession s, String arg) throws Exception {
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
            return s.blocking(() -> SiteVerb.describe(s, user)).thenAccept(line -> {
                lines.add(line);
                lines.add("End of status");
                s.reply(new FtpReply(211, lines));
            });
        }
        VirtualPath p = VirtualPath.resolve(s.cwd, DirectoryListing.stripListOptions(arg));
        return s.blocking(() -> DirectoryListing.lines(s, p, DirectoryListing.Kind.LIST)).thenAccept(lines -> {
            List<String> out = new ArrayList<>();
            out.add("Status of " + p + ":");
            out.addAll(lines);
            out.add("End of status");
            s.reply(new FtpReply(213, out));
        });
    }

    @Override
    public Need need() {
        return Need.ANYTIME;
    }
}

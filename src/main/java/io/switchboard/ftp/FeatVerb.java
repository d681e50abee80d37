package io.switchboard.ftp;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** FEAT (RFC 2389 section 3): the extensions this server has, one per line. */
final class FeatVerb implements FtpVerb {
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

    @Override
    public CompletableFuture<Void> run(FtpSession s, String arg) throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add("Features:");
        lines.addAll(FEATURES);
        lines.add("End");
        return s.reply(new FtpReply(211, lines));
    }

    @Override
    public Need need() {
        return Need.ANYTIME;
    }
}

package io.switchboard.ftp;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The text of listings: "ls -l" lines for LIST, RFC 3659 facts for MLSD/MLST, timestamps for MDTM. */
final class ListingFormat {
    private static final DateTimeFormatter RECENT = DateTimeFormatter.ofPattern("MMM dd HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter OLD = DateTimeFormatter.ofPattern("MMM dd  yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter FACT = DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT);

    private ListingFormat() {
    }

    /** One LIST line, the format every client parses (as ls -l, times in UTC). */
    static String unix(FtpFileSystem.Entry e, Instant now) {
        String mode = e.directory() ? (e.mayWrite() ? "drwxr-xr-x" : "dr-xr-xr-x") : (e.mayWrite() ? "-rw-r--r--" : "-r--r--r--");
        ZonedDateTime t = e.modified().atZone(ZoneOffset.UTC);
        boolean recent = e.modified().isAfter(now.minusSeconds(180L * 24 * 3600)) && !e.modified().isAfter(now.plusSeconds(3600));
        return String.format(Locale.ROOT, "%s 1 ftp ftp %13d %s %s", mode, e.size(), (recent ? RECENT : OLD).format(t), e.name());
    }

    /** RFC 3659 section 7: facts then a space and the name. {@code type} overrides (cdir, pdir). */
    static String facts(FtpFileSystem.Entry e, String type) {
        StringBuilder sb = new StringBuilder();
        sb.append("type=").append(type != null ? type : e.directory() ? "dir" : "file").append(';');
        if (!e.directory()) sb.append("size=").append(e.size()).append(';');
        sb.append("modify=").append(stamp(e.modified())).append(';');
        // RFC 3659 section 7.5.5 perm letters
        String perm = e.directory() ? (e.mayWrite() ? "elcmpf" : "el") : (e.mayWrite() ? "radfw" : "r");
        sb.append("perm=").append(perm).append(';');
        return sb.append(' ').append(e.name()).toString();
    }

    static String stamp(Instant t) {
        return FACT.format(t.atZone(ZoneOffset.UTC));
    }
}

package io.switchboard.ftp;

import java.util.Locale;

/**
 * One command line from the client: the verb (upper-cased) and its argument (possibly empty).
 * {@link #tooLong()} is what the decoder hands on for a line over its limit.
 */
public record FtpCommand(String verb, String argument) {
    static final String TOO_LONG = "\0TOO_LONG";

    public static FtpCommand parse(String line) {
        int sp = line.indexOf(' ');
        String verb = sp < 0 ? line : line.substring(0, sp);
        String arg = sp < 0 ? "" : line.substring(sp + 1);
        return new FtpCommand(verb.trim().toUpperCase(Locale.ROOT), arg);
    }

    static FtpCommand tooLongLine() {
        return new FtpCommand(TOO_LONG, "");
    }

    public boolean tooLong() {
        return verb.equals(TOO_LONG);
    }

    /** The command as it may be logged (never the password). */
    @Override
    public String toString() {
        return verb.equals("PASS") ? "PASS ***" : argument.isEmpty() ? verb : verb + " " + argument;
    }
}

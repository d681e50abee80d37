package io.switchboard;

/** Start-up failed; {@link #exitCode()} is the process exit status Main uses (sysexits.h values). */
public final class StartupException extends Exception {
    /** Bad command line. */
    public static final int EXIT_USAGE = 64;
    /** A port could not be bound or another service is missing. */
    public static final int EXIT_UNAVAILABLE = 69;
    /** Unexpected internal failure. */
    public static final int EXIT_SOFTWARE = 70;
    /** The database or data directory could not be opened or migrated. */
    public static final int EXIT_IOERR = 74;
    /** The configuration is invalid. */
    public static final int EXIT_CONFIG = 78;

    private final int exitCode;

    public StartupException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}

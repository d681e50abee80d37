package io.switchboard.ftp;

import io.switchboard.config.Config;
import io.switchboard.config.ConfigKeys;

/**
 * The limits of the FTP server, read from the configuration each time they are needed, so a
 * {@code /_config} change applies at once: {@code ftp.max_clients} and {@code ftp.anonymous} to the
 * next connection or login, {@code ftp.data.*} to the next data connection, {@code ftp.max_line} and
 * {@code ftp.idle.seconds} to connections opened after the change (their handlers are built at connect).
 * Values below 1 fall back to the key's default: a zero timeout or line length would lock everyone out.
 */
final class FtpLimits {
    /** Pipelined commands waiting while one runs; beyond this the client is abusive and is closed. Not a key: no client needs more. */
    static final int MAX_QUEUED_COMMANDS = 64;

    private final Config config;

    FtpLimits(Config config) {
        this.config = config;
    }

    /** Longest command line in bytes. */
    int maxLine() {
        return positive(ConfigKeys.FTP_MAX_LINE);
    }

    /** Control connections at once (beyond: 421). */
    int maxClients() {
        return positive(ConfigKeys.FTP_MAX_CLIENTS);
    }

    /** Control connection idle timeout (RFC 959 servers use 300-900 s). */
    int idleSeconds() {
        return positive(ConfigKeys.FTP_IDLE_SECONDS);
    }

    /** How long a PASV/PORT data connection may take to appear. */
    int dataConnectSeconds() {
        return positive(ConfigKeys.FTP_DATA_CONNECT_SECONDS);
    }

    /** A data connection with no traffic for this long is closed and its transfer fails. */
    int dataIdleSeconds() {
        return positive(ConfigKeys.FTP_DATA_TIMEOUT_SECONDS);
    }

    /** Whether "anonymous"/"ftp" may log in (as the guest, read-only). */
    boolean anonymous() {
        return config.getBoolean(ConfigKeys.FTP_ANONYMOUS);
    }

    private int positive(io.switchboard.config.ConfigKey key) {
        int v = config.getInt(key);
        return v > 0 ? v : Integer.parseInt(key.defaultValue());
    }
}

package io.switchboard.ftp;

/**
 * Limits of the FTP server. The spec has no config keys for these (config.md lists only the FTP
 * ports, passive range and address, require_tls), so they are fixed here with their defaults.
 *
 * @param maxLine               longest command line in bytes (default 2048)
 * @param maxQueuedCommands     pipelined commands waiting while one runs (default 64; beyond: close)
 * @param maxClients            control connections at once (default 500; beyond: 421)
 * @param idleSeconds           control connection idle timeout (default 300, RFC 959 servers use 300-900)
 * @param dataConnectSeconds    how long a PASV/PORT data connection may take to appear (default 30)
 * @param dataIdleSeconds       a data connection with no traffic is closed after this (default 120)
 */
public record FtpLimits(int maxLine, int maxQueuedCommands, int maxClients, int idleSeconds, int dataConnectSeconds,
                        int dataIdleSeconds) {
    public static final FtpLimits DEFAULTS = new FtpLimits(FtpCommandDecoder.DEFAULT_MAX_LINE, 64, 500, 300, 30, 120);
}

/**
 * FTP and FTPS (issue 9) over the sites' storage ({@link io.switchboard.site}).
 *
 * <h2>What a user sees</h2>
 * Users log in with their email and password (checked, cached and throttled by
 * {@code AccountService.authenticatePassword} on the blocking executor); "anonymous"/"ftp" log in as
 * the guest, read-only. "/" lists one folder per enabled, FTP-enabled site whose row they may READ;
 * writing files needs CREATE on the site row. Paths are resolved textually against "/" first
 * ({@link io.switchboard.ftp.VirtualPath}: ".." stops at the root), then inside the site by
 * {@code SiteDirectory.resolve}, which refuses bad names and symlinks leading out of the site.
 * Renames never cross sites.
 *
 * <h2>Connections</h2>
 * Control: {@link io.switchboard.ftp.FtpCommandDecoder} (line limit, Telnet IAC, CR/LF/CRLF) →
 * {@link io.switchboard.ftp.FtpControlHandler} (one command at a time; ABOR/STAT/QUIT during a
 * transfer) → verb handlers registered in {@link io.switchboard.ftp.FtpCommandRegistry}. Listener 0
 * ({@code ftp.port}) is plain with AUTH TLS; listener 1 ({@code ftps.port}) is implicit TLS.
 * Data: {@link io.switchboard.ftp.DataConnection} (PASV/EPSV on {@code ftp.passive.ports}: one port per
 * session, kept by {@link io.switchboard.ftp.PassiveListener} while PASVs keep coming; advertised
 * as {@code ftp.passive.address}; PORT/EPRT only to the client's own address and ports ≥ 1024; a
 * passive connection from another address fails the transfer with 425). With PROT P the data
 * connection is TLS 1.2 (see DataConnection for why not 1.3).
 *
 * <h2>Uploads</h2>
 * New files are written to {@code .sb-upload-*} beside the target and renamed over it only when the
 * data stream ended cleanly with the control connection still open; REST+STOR and APPE write in
 * place. Disk writes run on the blocking executor in batches.
 *
 * <h2>Limits</h2>
 * {@link io.switchboard.ftp.FtpLimits} reads {@code ftp.max_clients}, {@code ftp.max_line},
 * {@code ftp.idle.seconds}, {@code ftp.data.connect.seconds}, {@code ftp.data.timeout.seconds} and
 * {@code ftp.anonymous} from the live configuration.
 *
 * <h2>Quotas and bandwidth</h2>
 * Uploads count against the site owner's {@link io.switchboard.store.StorageQuota}, the one DAV charges
 * ({@code storage.quota.per_user}, or the owner's own {@code storage_quota.limit_bytes}); past it: 552,
 * nothing left behind. {@code SITE QUOTA} and STAT show the signed-in user's own quota. {@code ftp.bandwidth.session} and {@code ftp.bandwidth.user} (bytes/s, each
 * direction) pace data connections through {@link io.switchboard.ftp.BandwidthLimit}: uploads pause
 * reading, downloads pause their chunks, on the event loop, without sleeping.
 */
package io.switchboard.ftp;

package io.switchboard.ftp;

import io.netty.handler.ssl.SslContext;
import io.switchboard.auth.AccountService;
import io.switchboard.config.Config;
import io.switchboard.net.BlockingExecutor;
import io.switchboard.net.EventLoops;
import io.switchboard.store.StorageQuota;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** What every FTP session shares: services of the server, limits and counters. */
final class FtpContext {
    final Config config;
    final AccountService accounts;
    final BlockingExecutor blocking;
    final EventLoops loops;
    final FtpFileSystem fs;
    final FtpLimits limits;
    final TlsSource tls;
    final StorageQuota quota;
    final AtomicInteger sessions = new AtomicInteger();
    final AtomicLong stolenDataConnections = new AtomicLong();
    final AtomicLong bytesIn = new AtomicLong();
    final AtomicLong bytesOut = new AtomicLong();
    /** Times a transfer waited for {@code ftp.bandwidth.session} / {@code ftp.bandwidth.user}. */
    final AtomicLong sessionBandwidthWaits = new AtomicLong();
    final AtomicLong userBandwidthWaits = new AtomicLong();
    /** One shared limit per user who transferred on this node (a small object each; the guest is ""). */
    private final java.util.concurrent.ConcurrentHashMap<String, BandwidthLimit> userBandwidth = new java.util.concurrent.ConcurrentHashMap<>();

    /** The server TLS context, loaded lazily (self-signed pair generated on first use). */
    interface TlsSource {
        SslContext get() throws Exception;
    }

    /** The limit all sessions of {@code userId} share (null: the guest). */
    BandwidthLimit userBandwidth(String userId) {
        return userBandwidth.computeIfAbsent(userId == null ? "" : userId,
                u -> new BandwidthLimit(() -> config.getLong(io.switchboard.config.ConfigKeys.FTP_BANDWIDTH_USER), userBandwidthWaits));
    }

    /** A new session's own limit. */
    BandwidthLimit sessionBandwidth() {
        return new BandwidthLimit(() -> config.getLong(io.switchboard.config.ConfigKeys.FTP_BANDWIDTH_SESSION), sessionBandwidthWaits);
    }

    FtpContext(Config config, AccountService accounts, BlockingExecutor blocking, EventLoops loops, FtpFileSystem fs,
               FtpLimits limits, TlsSource tls, StorageQuota quota) {
        this.quota = quota;
        this.config = config;
        this.accounts = accounts;
        this.blocking = blocking;
        this.loops = loops;
        this.fs = fs;
        this.limits = limits;
        this.tls = tls;
    }
}

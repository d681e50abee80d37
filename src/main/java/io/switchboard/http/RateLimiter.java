package io.switchboard.http;

import io.switchboard.config.Config;
import io.switchboard.config.ConfigKeys;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets per client IP and route (config.md: {@code ratelimit.per_second} per IP+path;
 * keyed by route template so ids in paths do not multiply buckets). Values apply live.
 */
public final class RateLimiter {
    /** The outcome of one check, with what the X-RateLimit-* headers report. */
    public record Decision(boolean allowed, long limit, long remaining, long resetEpochSeconds) {
    }

    private static final class Bucket {
        private double tokens;
        private long lastNanos;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.lastNanos = now;
        }

        synchronized Decision take(long limit, long now) {
            double refill = (now - lastNanos) / 1e9 * limit;
            tokens = Math.min(limit, tokens + refill);
            lastNanos = now;
            boolean ok = tokens >= 1;
            if (ok) tokens -= 1;
            long reset = System.currentTimeMillis() / 1000 + 1;
            return new Decision(ok, limit, (long) Math.floor(tokens), reset);
        }

        synchronized boolean idleFull(long limit, long now) {
            return tokens + (now - lastNanos) / 1e9 * limit >= limit;
        }
    }

    private final Config config;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(Config config) {
        this.config = config;
    }

    public boolean enabled() {
        return config.getBoolean(ConfigKeys.RATELIMIT_ENABLED);
    }

    public Decision check(String clientIp, String routeKey) {
        long limit = Math.max(1, config.getLong(ConfigKeys.RATELIMIT_PER_SECOND));
        long now = System.nanoTime();
        Bucket b = buckets.computeIfAbsent(clientIp + '|' + routeKey, k -> new Bucket(limit, now));
        return b.take(limit, now);
    }

    /** Drops buckets that are full again (called periodically) so memory follows active clients. */
    public void sweep() {
        long limit = Math.max(1, config.getLong(ConfigKeys.RATELIMIT_PER_SECOND));
        long now = System.nanoTime();
        buckets.values().removeIf(b -> b.idleFull(limit, now));
    }
}

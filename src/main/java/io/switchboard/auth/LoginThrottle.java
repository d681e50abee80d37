package io.switchboard.auth;

import io.switchboard.config.Config;
import io.switchboard.config.ConfigKeys;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed sign-ins per account and per client IP; after {@code auth.lockout.attempts}
 * failures within {@code auth.lockout.minutes} further attempts are refused until the window ends.
 * Success clears the account's count.
 */
public final class LoginThrottle {
    private record Window(long startMillis, int failures) {
    }

    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final Config config;

    public LoginThrottle(Config config) {
        this.config = config;
    }

    /** Seconds until the key may try again, 0 when it may try now; {@code factor} scales the allowed failures. */
    public long retryAfterSeconds(String key, int factor) {
        Window w = windows.get(key);
        if (w == null) return 0;
        long window = config.getLong(ConfigKeys.AUTH_LOCKOUT_MINUTES) * 60_000L;
        long age = System.currentTimeMillis() - w.startMillis;
        if (age >= window) {
            windows.remove(key, w);
            return 0;
        }
        return w.failures >= (long) config.getInt(ConfigKeys.AUTH_LOCKOUT_ATTEMPTS) * factor ? (window - age + 999) / 1000 : 0;
    }

    public void failed(String key) {
        long now = System.currentTimeMillis();
        long window = config.getLong(ConfigKeys.AUTH_LOCKOUT_MINUTES) * 60_000L;
        windows.compute(key, (k, w) -> w == null || now - w.startMillis >= window
                ? new Window(now, 1) : new Window(w.startMillis, w.failures + 1));
        if (windows.size() > 100_000) windows.clear(); // bounded memory under a spray of IPs
    }

    public void succeeded(String key) {
        windows.remove(key);
    }
}

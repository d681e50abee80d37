package io.switchboard.pubsub;

import java.util.Locale;

/** What an endpoint does when its outbound queue is full (config key {@code ws.slow_consumer}). */
public enum SlowConsumerPolicy {
    /** Close the connection (WebSocket close code 1008), counted as closed-slow. The default. */
    CLOSE,
    /** Drop the new message, counted as dropped; the client sees a gap in the per-topic seq. */
    DROP;

    /** Parses the config value {@code close} or {@code drop} (case-insensitive). */
    public static SlowConsumerPolicy fromConfig(String value) {
        if (value == null || value.isBlank()) {
            return CLOSE;
        }
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "close": return CLOSE;
            case "drop": return DROP;
            default: throw new IllegalArgumentException("ws.slow_consumer must be close or drop, not " + value);
        }
    }
}

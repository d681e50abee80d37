package io.switchboard.log;

import org.slf4j.event.Level;

import java.util.Locale;

/** The server-wide log threshold; {@code log.level} changes it live. */
public final class LogLevel {
    private static volatile int threshold = Level.INFO.toInt();

    private LogLevel() {
    }

    public static void set(String name) {
        try {
            threshold = Level.valueOf(name.trim().toUpperCase(Locale.ROOT)).toInt();
        } catch (IllegalArgumentException e) {
            threshold = Level.INFO.toInt();
        }
    }

    static boolean enabled(Level level) {
        return level.toInt() >= threshold;
    }
}

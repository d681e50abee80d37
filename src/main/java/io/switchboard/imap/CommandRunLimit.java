package io.switchboard.imap;

/**
 * How long the command a session is running may still run ({@code imap.execution.timeout.seconds}).
 * Started and finished by the handler around each command on the blocking pool; the command looks
 * at it only where stopping leaves the client and the store consistent: between two messages of
 * a FETCH or SEARCH answer (tagged NO [LIMIT], what was sent so far stays valid), and while its
 * output waits for a client that does not read (BYE and close, see {@link ClientNotReading}).
 * Writes that change the store are single transactions and are never cut.
 */
final class CommandRunLimit {
    /** The command's output waits for a client that has stopped reading, past the limit: the connection is closed. */
    static final class ClientNotReading extends Exception {
        ClientNotReading() {
            super("client not reading past the command run-time limit", null, false, false);
        }
    }

    /** How often the limit stopped a command, for /statistics (one per server). */
    static final class Counters {
        final java.util.concurrent.atomic.LongAdder answeredNo = new java.util.concurrent.atomic.LongAdder();
        final java.util.concurrent.atomic.LongAdder closedNotReading = new java.util.concurrent.atomic.LongAdder();
    }

    private volatile long deadline;
    private volatile boolean running;

    /** A command starts; {@code seconds} &lt;= 0 means no limit. */
    void start(double seconds) {
        if (seconds <= 0) {
            running = false;
            return;
        }
        deadline = System.nanoTime() + (long) Math.min(seconds * 1e9, Long.MAX_VALUE / 4.0);
        running = true;
    }

    void finish() {
        running = false;
    }

    boolean exceeded() {
        return running && System.nanoTime() - deadline >= 0;
    }

    /** Milliseconds until the limit (Long.MAX_VALUE without one, 0 once exceeded). */
    long millisLeft() {
        if (!running) return Long.MAX_VALUE;
        return Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
    }
}

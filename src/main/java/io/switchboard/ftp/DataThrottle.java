package io.switchboard.ftp;

/**
 * The bandwidth limits one transfer obeys: its session's ({@code ftp.bandwidth.session}) and its
 * user's ({@code ftp.bandwidth.user}, shared by all the user's sessions on this node). Every byte
 * counts against both; the transfer waits for the slower.
 */
final class DataThrottle {
    private final BandwidthLimit session;
    private final BandwidthLimit user;

    DataThrottle(BandwidthLimit session, BandwidthLimit user) {
        this.session = session;
        this.user = user;
    }

    boolean active() {
        return session.active() || user.active();
    }

    /** Nanoseconds to wait after moving {@code bytes} (0: go on). */
    long delayAfter(long bytes) {
        return Math.max(session.consume(bytes), user.consume(bytes));
    }
}

package io.switchboard.websocket;

/**
 * Messages a client may send on one connection (event loop only, no locking): a token bucket that
 * refills {@code perSecond} and holds ten seconds' worth, so a client that was stalled (messages
 * queued in the socket, then read at once) is not punished for the burst. Past the bucket a message
 * is refused with an error; a client that keeps sending into an empty bucket (as many refused
 * messages as the bucket holds) is abusive and gets closed.
 */
public final class MessageRateLimit {
    /** What to do with one incoming message. */
    public enum Verdict { ACCEPT, REFUSE, CLOSE }

    private final int perSecond;
    private final double burst;
    private double tokens;
    private long last = System.nanoTime();
    private int refusedInARow;

    public MessageRateLimit(int perSecond) {
        this.perSecond = perSecond;
        this.burst = perSecond * 10.0;
        this.tokens = burst;
    }

    public Verdict onMessage() {
        long now = System.nanoTime();
        tokens = Math.min(burst, tokens + (now - last) / 1e9 * perSecond);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            refusedInARow = 0;
            return Verdict.ACCEPT;
        }
        return ++refusedInARow > burst ? Verdict.CLOSE : Verdict.REFUSE;
    }
}

package io.switchboard.websocket;

/**
 * Messages per second a client may send on one connection (event loop only, no locking): past
 * {@code perSecond} a message is refused with an error; a client that keeps going past ten times
 * that within one second is abusive and gets closed.
 */
public final class MessageRateLimit {
    /** What to do with one incoming message. */
    public enum Verdict { ACCEPT, REFUSE, CLOSE }

    private final int perSecond;
    private long windowStart = System.nanoTime();
    private int count;

    public MessageRateLimit(int perSecond) {
        this.perSecond = perSecond;
    }

    public Verdict onMessage() {
        long now = System.nanoTime();
        if (now - windowStart >= 1_000_000_000L) {
            windowStart = now;
            count = 0;
        }
        count++;
        if (count <= perSecond) return Verdict.ACCEPT;
        return count > perSecond * 10 ? Verdict.CLOSE : Verdict.REFUSE;
    }
}

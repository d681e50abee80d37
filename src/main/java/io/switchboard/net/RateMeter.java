package io.switchboard.net;

import java.util.function.LongSupplier;

/** Turns a growing counter into a per-second rate, sampled once a second by a scheduler. */
public final class RateMeter {
    private final LongSupplier counter;
    private long lastCount;
    private long lastNanos = System.nanoTime();
    private volatile double perSecond;

    public RateMeter(LongSupplier counter) {
        this.counter = counter;
        this.lastCount = counter.getAsLong();
    }

    /** Called from one scheduler thread. */
    public void sample() {
        long now = System.nanoTime();
        long c = counter.getAsLong();
        double secs = (now - lastNanos) / 1e9;
        if (secs > 0) perSecond = (c - lastCount) / secs;
        lastCount = c;
        lastNanos = now;
    }

    public double perSecond() {
        return perSecond;
    }
}

package io.switchboard.ftp;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A bytes-per-second limit shared by whoever transfers under it (one session, or every session of
 * one user), as a lock-free virtual-clock bucket (GCRA): each transfer of n bytes pushes the
 * "theoretical arrival time" n/rate further, and a caller that got ahead of the clock by more than
 * {@link #BURST_NANOS} is told how long to wait. Nobody sleeps: the data channel pauses its reads
 * (uploads) or its chunks (downloads) for that long on its event loop. The rate is read at every
 * call, so a config change applies to transfers already running.
 */
final class BandwidthLimit {
    /** How far ahead of the clock a transfer may run before it waits: smooths small bursts. */
    static final long BURST_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final LongSupplier bytesPerSecond;
    private final AtomicLong waits;
    private final AtomicLong theoreticalArrival = new AtomicLong(Long.MIN_VALUE);

    /** @param waits counted up each time this limit makes a transfer wait */
    BandwidthLimit(LongSupplier bytesPerSecond, AtomicLong waits) {
        this.bytesPerSecond = bytesPerSecond;
        this.waits = waits;
    }

    /** True when a rate is set now. */
    boolean active() {
        return bytesPerSecond.getAsLong() > 0;
    }

    /** Records {@code bytes} moved now; returns the nanoseconds to wait before moving more (0: go on). */
    long consume(long bytes) {
        long rate = bytesPerSecond.getAsLong();
        if (rate <= 0 || bytes <= 0) return 0;
        long cost = (long) (bytes * 1e9 / rate);
        long now = System.nanoTime();
        long next;
        for (;;) {
            long tat = theoreticalArrival.get();
            long base = tat == Long.MIN_VALUE || tat - now < 0 ? now : tat;
            next = base + cost;
            if (theoreticalArrival.compareAndSet(tat, next)) break;
        }
        long wait = next - now - BURST_NANOS;
        if (wait <= 0) return 0;
        waits.incrementAndGet();
        return wait;
    }
}

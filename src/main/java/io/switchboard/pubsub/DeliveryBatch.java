package io.switchboard.pubsub;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All deliveries of one event on one event loop: filters and hand-offs, then flushes. Run by the loop's
 * {@link DeliveryLane}, possibly in several pieces (a run that reaches its deadline stops between two
 * subscriptions and the next run resumes there). The subscription array is an immutable snapshot.
 *
 * <p>Flushes: when the lane keeps up, each endpoint is flushed right after its (adjacent) subscriptions
 * got the event; when the lane is behind ({@code coalesce}), endpoints are handed to the lane's flush list
 * instead, so one flush covers several events.
 */
final class DeliveryBatch {
    private static final Logger log = LoggerFactory.getLogger(DeliveryBatch.class);
    /** Subscriptions between two looks at the clock. */
    private static final int CLOCK_EVERY = 64;

    private final RoutedEvent event;
    private final Subscription[] subs;
    private final RouterStats stats;
    /** Next subscription to serve (loop only, between runs). */
    private int next;
    private long delivered;
    private long filtered;
    private long errors;

    DeliveryBatch(RoutedEvent event, Subscription[] subs, RouterStats stats) {
        this.event = event;
        this.subs = subs;
        this.stats = stats;
    }

    /**
     * Delivers from where the last run stopped; returns true when the batch is complete (its event is then
     * closed), false when {@code deadline} passed first.
     */
    boolean run(DeliveryLane lane, boolean coalesce, long deadline) {
        RoutedEvent event = this.event;
        Subscription[] subs = this.subs;
        long seq = event.seq();
        SubscriberEndpoint unflushed = null;
        int i = next;
        int clock = i + CLOCK_EVERY;
        try {
            for (; i < subs.length; i++) {
                Subscription s = subs[i];
                if (unflushed != null && s.endpoint != unflushed) {
                    flushNow(unflushed);
                    unflushed = null;
                }
                if (i == clock) {
                    clock += CLOCK_EVERY;
                    if (System.nanoTime() - deadline > 0) {
                        next = i;
                        return false;
                    }
                }
                // startSeq is Long.MAX_VALUE until the subscription's marker is dispatched.
                if (s.active == 0 || seq <= s.startSeq) {
                    continue;
                }
                try {
                    EventFilter filter = s.filter;
                    if (filter != null && !filter.accepts(event)) {
                        filtered++;
                        continue;
                    }
                    if (s.endpoint.deliver(event, s)) {
                        delivered++;
                        if (coalesce) {
                            lane.flushLater(s.flushMark);
                        } else {
                            unflushed = s.endpoint;
                        }
                    }
                } catch (Throwable t) {
                    // One log line per batch: a broken filter must not print a trace per subscriber.
                    if (errors++ == 0) {
                        log.warn("delivery of {} to {} failed", event, s, t);
                    }
                }
            }
        } finally {
            if (unflushed != null) {
                flushNow(unflushed);
            }
        }
        finish();
        return true;
    }

    /**
     * Flushes at once (the lane keeps up). The endpoint's {@link FlushMark} is left alone: the lane only
     * runs a batch this way when its flush list is empty, so no mark is queued; a mark listed later still
     * gets its own flush, which is then merely early.
     */
    private void flushNow(SubscriberEndpoint endpoint) {
        errors += DeliveryLane.flush(endpoint);
    }

    private void finish() {
        stats.batches.increment();
        if (delivered != 0) {
            stats.delivered.add(delivered);
        }
        if (filtered != 0) {
            stats.filtered.add(filtered);
        }
        if (errors != 0) {
            stats.deliveryErrors.add(errors);
        }
        event.close();
    }

    /** The executor refused the lane: count it and let the event's buffers go. */
    void abandon() {
        stats.rejectedBatches.increment();
        event.close();
    }
}

package io.switchboard.pubsub;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All deliveries of one event on one event loop: filters, hand-offs, and one flush per endpoint.
 * Runs on the group's executor; the subscription array is an immutable snapshot.
 */
final class DeliveryBatch implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(DeliveryBatch.class);

    private final RoutedEvent event;
    private final Subscription[] subs;
    private final RouterStats stats;

    DeliveryBatch(RoutedEvent event, Subscription[] subs, RouterStats stats) {
        this.event = event;
        this.subs = subs;
        this.stats = stats;
    }

    @Override
    public void run() {
        RoutedEvent event = this.event;
        Subscription[] subs = this.subs;
        long seq = event.seq();
        long delivered = 0;
        long filtered = 0;
        long errors = 0;
        SubscriberEndpoint unflushed = null;
        try {
            for (Subscription s : subs) {
                SubscriberEndpoint endpoint = s.endpoint;
                if (unflushed != null && endpoint != unflushed) {
                    errors += flush(unflushed);
                    unflushed = null;
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
                    if (endpoint.deliver(event, s)) {
                        delivered++;
                        unflushed = endpoint;
                    }
                } catch (Throwable t) {
                    // One log line per batch: a broken filter must not print a trace per subscriber.
                    if (errors++ == 0) {
                        log.warn("delivery of {} to {} failed", event, s, t);
                    }
                }
            }
            if (unflushed != null) {
                errors += flush(unflushed);
            }
        } finally {
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
    }

    private static int flush(SubscriberEndpoint endpoint) {
        try {
            endpoint.flush();
            return 0;
        } catch (Throwable t) {
            log.warn("flush of {} failed", endpoint, t);
            return 1;
        }
    }

    /** The executor refused the task: count it and let the event's buffers go. */
    void abandon() {
        stats.rejectedBatches.increment();
        event.close();
    }
}

package io.switchboard.pubsub;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Router counters for {@code /statistics}. Hot-path counters are added once per delivery batch, not once
 * per subscriber. Endpoints report their own outcomes through {@link #recordDropped()} and
 * {@link #recordClosedSlow()}.
 */
public final class RouterStats {
    private final TopicRouter router;
    final LongAdder delivered = new LongAdder();
    final LongAdder filtered = new LongAdder();
    final LongAdder dropped = new LongAdder();
    final LongAdder closedSlow = new LongAdder();
    final LongAdder deliveryErrors = new LongAdder();
    final LongAdder dispatched = new LongAdder();
    final LongAdder batches = new LongAdder();
    final LongAdder encodes = new LongAdder();
    final LongAdder encodeStalls = new LongAdder();
    final LongAdder rejectedBatches = new LongAdder();
    final LongAdder coalescedFlushes = new LongAdder();
    final LongAdder laneYields = new LongAdder();

    RouterStats(TopicRouter router) {
        this.router = router;
    }

    /** Events published on all topics (the sum of the topics' last seq), with or without subscribers. */
    public long published() {
        return router.publishedCount();
    }

    /** Events handed to at least one event loop. */
    public long dispatched() {
        return dispatched.sum();
    }

    /** Delivery batches run (one per event and event loop with subscribers). */
    public long batches() {
        return batches.sum();
    }

    /** Messages endpoints accepted (written or queued). */
    public long delivered() {
        return delivered.sum();
    }

    /** Deliveries a subscription's filter rejected. */
    public long filtered() {
        return filtered.sum();
    }

    /** Messages dropped because a connection's outbound queue was full ({@code ws.slow_consumer = drop}). */
    public long dropped() {
        return dropped.sum();
    }

    /** Connections closed because their outbound queue was full ({@code ws.slow_consumer = close}). */
    public long closedSlow() {
        return closedSlow.sum();
    }

    /** Filters, encoders or endpoints that threw; the delivery is skipped, the subscription kept. */
    public long deliveryErrors() {
        return deliveryErrors.sum();
    }

    /** Encoder calls (one per event and encoding key that some accepting subscriber needed). */
    public long encodes() {
        return encodes.sum();
    }

    /** Times an event loop gave up waiting for another loop's encode and encoded a private copy. */
    public long encodeStalls() {
        return encodeStalls.sum();
    }

    /** Batches an event loop refused (it was shutting down). */
    public long rejectedBatches() {
        return rejectedBatches.sum();
    }

    /**
     * Connection flushes deferred while an event loop was behind and then made once for all the frames
     * written meanwhile (see {@link DeliveryLane}).
     */
    public long coalescedFlushes() {
        return coalescedFlushes.sum();
    }

    /** Times a delivery lane gave its event loop back to I/O and other tasks before it was done. */
    public long laneYields() {
        return laneYields.sum();
    }

    public int topics() {
        return router.topicCount();
    }

    public int subscriptions() {
        return router.subscriptionCount();
    }

    public void recordDropped() {
        dropped.increment();
    }

    public void recordClosedSlow() {
        closedSlow.increment();
    }

    /** The counters by name, in a stable order, for the {@code /statistics} JSON. */
    public Map<String, Long> toMap() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("topics", (long) topics());
        m.put("subscriptions", (long) subscriptions());
        m.put("published", published());
        m.put("dispatched", dispatched());
        m.put("batches", batches());
        m.put("delivered", delivered());
        m.put("filtered", filtered());
        m.put("dropped", dropped());
        m.put("closedSlow", closedSlow());
        m.put("deliveryErrors", deliveryErrors());
        m.put("encodes", encodes());
        m.put("encodeStalls", encodeStalls());
        m.put("rejectedBatches", rejectedBatches());
        m.put("coalescedFlushes", coalescedFlushes());
        m.put("laneYields", laneYields());
        return m;
    }

    @Override
    public String toString() {
        return "RouterStats" + toMap();
    }
}

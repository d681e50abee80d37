package io.switchboard.pubsub;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.EventExecutor;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Records what it receives; encodes when the subscription has a key, then releases or keeps the bytes. */
class RecordingEndpoint implements SubscriberEndpoint {
    record Delivery(Subscription subscription, String topic, long seq, Object payload, String text) {
    }

    private final EventExecutor executor;
    private final boolean keepBytes;
    final List<Delivery> deliveries = new ArrayList<>();
    final List<ByteBuf> kept = new ArrayList<>();
    final List<Subscription> destroyed = new ArrayList<>();
    int flushes;
    int deliveriesSinceFlush;
    int maxDeliveriesPerFlush;

    RecordingEndpoint(EventExecutor executor) {
        this(executor, false);
    }

    RecordingEndpoint(EventExecutor executor, boolean keepBytes) {
        this.executor = executor;
        this.keepBytes = keepBytes;
    }

    @Override
    public EventExecutor executor() {
        return executor;
    }

    @Override
    public boolean deliver(RoutedEvent event, Subscription subscription) {
        String text = null;
        if (subscription.encodingKey() != null) {
            // Alternate the two ways of taking the bytes; both must be accounted for.
            ByteBuf dup = (deliveries.size() & 1) == 0
                    ? event.retainedDuplicate(subscription.encodingKey())
                    : event.encoded(subscription.encodingKey()).retainedDuplicate();
            text = dup.toString(StandardCharsets.UTF_8);
            if (keepBytes) {
                kept.add(dup);
            } else {
                dup.release();
            }
        }
        deliveries.add(new Delivery(subscription, event.topic(), event.seq(), event.payload(), text));
        deliveriesSinceFlush++;
        return true;
    }

    @Override
    public void flush() {
        flushes++;
        maxDeliveriesPerFlush = Math.max(maxDeliveriesPerFlush, deliveriesSinceFlush);
        deliveriesSinceFlush = 0;
    }

    @Override
    public void topicDestroyed(Subscription subscription) {
        destroyed.add(subscription);
    }

    List<Long> seqs() {
        return deliveries.stream().map(Delivery::seq).toList();
    }

    List<Object> payloads() {
        return deliveries.stream().map(Delivery::payload).toList();
    }
}

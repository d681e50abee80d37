package io.switchboard.pubsub;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One endpoint's interest in one topic. Created by {@link TopicRouter#subscribe}; ended by
 * {@link TopicRouter#unsubscribe}, {@link TopicRouter#unsubscribeAll} or by destroying the topic.
 *
 * <p>Delivery guarantee: the subscription receives, in seq order and exactly once, every accepted event
 * with {@code startSeq() < seq}, up to the moment it becomes inactive; nothing is skipped in between
 * except events its filter rejects or its endpoint drops. Events with {@code seq <= startSeq()} are never
 * delivered, so a client resuming with {@code since = n} is served {@code (n, startSeq()]} from the event
 * log and the rest live, without gap or duplicate.
 */
public final class Subscription {
    private static final VarHandle ACTIVE;

    static {
        try {
            ACTIVE = MethodHandles.lookup().findVarHandle(Subscription.class, "active", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Topic topic;
    final SubscriberEndpoint endpoint;
    final EventFilter filter;
    final EncodingKey encodingKey;
    /** The endpoint's loop's lane; set by the router before the subscription is published. */
    DeliveryLane lane;
    /** Shared by all subscriptions of the endpoint; set by the router before the subscription is published. */
    FlushMark flushMark;
    /** Long.MAX_VALUE until the subscription's marker has its place in the topic's sequence. */
    volatile long startSeq = Long.MAX_VALUE;
    volatile int active = 1;

    Subscription(Topic topic, SubscriberEndpoint endpoint, EventFilter filter, EncodingKey encodingKey) {
        this.topic = topic;
        this.endpoint = endpoint;
        this.filter = filter;
        this.encodingKey = encodingKey;
    }

    public Topic topic() {
        return topic;
    }

    public String topicName() {
        return topic.name();
    }

    public SubscriberEndpoint endpoint() {
        return endpoint;
    }

    /** May be null (accepts everything). */
    public EventFilter filter() {
        return filter;
    }

    /** May be null for endpoints that do not use pre-encoded bytes. */
    public EncodingKey encodingKey() {
        return encodingKey;
    }

    /** The topic's last seq when this subscription started: it receives events with a greater seq. */
    public long startSeq() {
        return startSeq;
    }

    public boolean isActive() {
        return active != 0;
    }

    /** Returns true for the one caller that ends the subscription. */
    boolean deactivate() {
        return ACTIVE.compareAndSet(this, 1, 0);
    }

    @Override
    public String toString() {
        return "Subscription[" + topic.name() + ", start=" + startSeq + (isActive() ? "" : ", inactive") + "]";
    }
}

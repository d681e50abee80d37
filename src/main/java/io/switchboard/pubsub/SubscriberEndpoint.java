package io.switchboard.pubsub;

import io.netty.util.concurrent.EventExecutor;

/**
 * One connection (a WebSocket channel, an in-memory sink) as the router sees it. Every method except
 * {@link #executor()} is called on {@link #executor()}, so implementations need no synchronization.
 * Endpoints are compared by identity (do not override {@code equals}).
 */
public interface SubscriberEndpoint {

    /** The thread deliveries run on; must not change during the endpoint's life (a channel's event loop). */
    EventExecutor executor();

    /**
     * Hands one event to the connection without flushing. Return {@code true} when a message was written or
     * queued (the batch then calls {@link #flush()} once), {@code false} when it was dropped or the
     * endpoint is closing. Use {@code event.retainedDuplicate(subscription.encodingKey())} for the bytes
     * (release it once, e.g. by writing it to a channel); never keep {@code encoded(...)} itself past this
     * call. Retain and release those buffers on {@link #executor()} only (a channel of that event loop
     * does): their reference count is not atomic. To hand bytes to another thread, copy them.
     */
    boolean deliver(RoutedEvent event, Subscription subscription);

    /**
     * Writes out what {@link #deliver} queued. Called after deliveries that returned {@code true}: at most
     * once per delivery batch, right after the endpoint's deliveries while the event loop keeps up, or once
     * for the deliveries of several batches when it is behind (see {@code DeliveryLane}). May be called
     * when nothing is pending; must then do nothing.
     */
    void flush();

    /**
     * The subscription's custom topic was destroyed; the subscription is already inactive and removed.
     * The WebSocket layers tell the client here.
     */
    default void topicDestroyed(Subscription subscription) {
    }
}

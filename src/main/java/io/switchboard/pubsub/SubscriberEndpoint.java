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

    /** Called once per delivery batch after the last {@link #deliver} that returned {@code true}. */
    void flush();

    /**
     * The subscription's custom topic was destroyed; the subscription is already inactive and removed.
     * The WebSocket layers tell the client here.
     */
    default void topicDestroyed(Subscription subscription) {
    }
}

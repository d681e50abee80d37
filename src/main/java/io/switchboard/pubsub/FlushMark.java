package io.switchboard.pubsub;

/**
 * One endpoint's place in its {@link DeliveryLane}'s list of connections waiting for a flush. All the
 * subscriptions of an endpoint share one mark, so a connection is listed (and flushed) once however many
 * of its subscriptions and events were written since its last flush. Touched only on the endpoint's
 * event loop.
 */
final class FlushMark {
    final SubscriberEndpoint endpoint;
    /** True while the mark is in the lane's list and the endpoint still needs its flush. */
    boolean queued;

    FlushMark(SubscriberEndpoint endpoint) {
        this.endpoint = endpoint;
    }
}

package io.switchboard.pubsub;

/**
 * Per-subscription predicate, evaluated on the subscriber's event loop just before delivery.
 * The permission decision (may this user read this row?) and the protocol filters ({@code EventType},
 * equality filters, {@code content.*}) live here, outside the router. An exception counts as "not accepted"
 * and is recorded in {@link RouterStats#deliveryErrors()}; it never ends the subscription.
 */
@FunctionalInterface
public interface EventFilter {
    boolean accepts(RoutedEvent event);
}

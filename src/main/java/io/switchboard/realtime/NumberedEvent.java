package io.switchboard.realtime;

/**
 * A realtime event as the router carries it when several nodes share the cluster log: {@code seq}
 * is the topic's cluster-wide number (the same on every node), which the dialects show instead of
 * the router's own per-node count. Single-node servers publish the bare event.
 */
public record NumberedEvent(long seq, Object event) {
}

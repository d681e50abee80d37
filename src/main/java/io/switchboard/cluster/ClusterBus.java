package io.switchboard.cluster;

import java.util.Map;
import java.util.function.Consumer;

/**
 * Events shared by every node of one Switchboard deployment. {@link #publish} appends an event
 * to the cluster-wide log; every other node hands it to its {@link #subscribe subscribers} once,
 * in log order (so in the publishing node's order). A node never receives its own events back:
 * it already delivered them locally.
 *
 * <p>This is the seam for moving the bus to a dedicated broker (NATS, Redis streams): an
 * implementation needs an append with a global order, a wake-up for readers, and reads "after id N"
 * for catch-up. {@link PgClusterBus} does it with PostgreSQL (event_log + LISTEN/NOTIFY).
 */
public interface ClusterBus extends AutoCloseable {
    /** Queues the event for the log; never blocks on the database. */
    void publish(String kind, String topic, String payload);

    /** Adds a handler for other nodes' events; handlers run on the bus's reader thread, in order. */
    void subscribe(Consumer<ClusterEvent> handler);

    /** Node identity, membership and counters for /statistics. */
    Map<String, Object> stats();

    @Override
    void close();
}

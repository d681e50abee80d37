package io.switchboard.cluster;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Events shared by every node of one Switchboard deployment. {@link #publish} appends an event
 * to the cluster-wide log and gives it the next number(s) of its topic; every node reads the log
 * in one global order.
 *
 * <p>This is the seam for moving the bus to a dedicated broker (NATS JetStream, Redis streams): an
 * implementation needs an append with a global order and per-topic numbering, a wake-up for
 * readers, reads "after id N" for catch-up and "topic T after seq S" for client recovery, and a
 * small keyed state (custom topics). {@link PgClusterBus} does it with PostgreSQL (event_log +
 * LISTEN/NOTIFY). docs/SCALING.md maps each method to NATS and Redis.
 *
 * <p>The methods beyond publish/subscribe/stats have defaults that refuse, so a bus that only
 * carries its own kinds (a test double of another module) need not implement them; realtime
 * numbering needs them all.
 */
public interface ClusterBus extends AutoCloseable {
    /** Queues the event for the log; never blocks on the database. */
    void publish(String kind, String topic, String payload);

    /**
     * Queues an event that takes {@code seqCount} consecutive numbers of its topic (an entity update
     * and its "published" twin); the row's {@link ClusterEvent#topicSeq} is the first of them.
     */
    default void publish(String kind, String topic, String payload, int seqCount) {
        if (seqCount != 1) throw new UnsupportedOperationException("this bus numbers one event per row");
        publish(kind, topic, payload);
    }

    /** Adds a handler for other nodes' events; handlers run on the bus's reader thread, in order. */
    void subscribe(Consumer<ClusterEvent> handler);

    /**
     * Adds a handler for every event, this node's own included, in log order (after the
     * {@link #subscribe} handlers of the same event): what delivers cluster-numbered events locally.
     */
    default void subscribeAll(Consumer<ClusterEvent> handler) {
        throw new UnsupportedOperationException("this bus does not deliver a node's own events");
    }

    /** Blocking: events of {@link ClusterEvent#NUMBERED_KINDS} on {@code topic} with topicSeq > afterSeq, in order. */
    default List<ClusterEvent> readTopic(String topic, long afterSeq, int limit) throws SQLException {
        throw new UnsupportedOperationException("this bus cannot read a topic back");
    }

    /** Blocking: the last number handed out on a realtime topic (0: none yet). */
    default long lastTopicSeq(String topic) throws SQLException {
        throw new UnsupportedOperationException("this bus does not number topics");
    }

    /** Blocking: the last number of every realtime topic. */
    default Map<String, Long> lastTopicSeqs() throws SQLException {
        throw new UnsupportedOperationException("this bus does not number topics");
    }

    /** Blocking: the latest payload per topic of a {@link ClusterEvent#STATE_KINDS} kind. */
    default Map<String, String> state(String kind) throws SQLException {
        throw new UnsupportedOperationException("this bus keeps no state");
    }

    /** Node identity, membership and counters for /statistics. */
    Map<String, Object> stats();

    @Override
    void close();
}

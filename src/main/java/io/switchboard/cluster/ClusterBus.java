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
 */
public interface ClusterBus extends AutoCloseable {
    /** Queues the event for the log; never blocks on the database. */
    void publish(String kind, String topic, String payload);

    /**
     * Queues an event that takes {@code seqCount} consecutive numbers of its topic (an entity update
     * and its "published" twin); the row's {@link ClusterEvent#topicSeq} is the first of them.
     */
    void publish(String kind, String topic, String payload, int seqCount);

    /** Adds a handler for other nodes' events; handlers run on the bus's reader thread, in order. */
    void subscribe(Consumer<ClusterEvent> handler);

    /**
     * Adds a handler for every event, this node's own included, in log order (after the
     * {@link #subscribe} handlers of the same event): what delivers cluster-numbered events locally.
     */
    void subscribeAll(Consumer<ClusterEvent> handler);

    /** Blocking: events of {@link ClusterEvent#NUMBERED_KINDS} on {@code topic} with topicSeq > afterSeq, in order. */
    List<ClusterEvent> readTopic(String topic, long afterSeq, int limit) throws SQLException;

    /** Blocking: the last number handed out on a realtime topic (0: none yet). */
    long lastTopicSeq(String topic) throws SQLException;

    /** Blocking: the last number of every realtime topic. */
    Map<String, Long> lastTopicSeqs() throws SQLException;

    /** Blocking: the latest payload per topic of a {@link ClusterEvent#STATE_KINDS} kind. */
    Map<String, String> state(String kind) throws SQLException;

    /** Node identity, membership and counters for /statistics. */
    Map<String, Object> stats();

    @Override
    void close();
}

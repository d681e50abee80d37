package io.switchboard.cluster;

import java.time.Instant;
import java.util.Set;

/**
 * One row of {@code event_log}: {@code id} is the global order, {@code topicSeq} the per-topic
 * sequence number (the first of the row's numbers when it takes several), {@code kind} says how
 * to read {@code payload}.
 */
public record ClusterEvent(long id, String nodeId, String kind, String topic, long topicSeq, String payload, Instant at) {
    /** An encoded EntityEvent; topic = its table. Numbered on the table's topic. */
    public static final String ENTITY = "entity";
    /** A changed config key (payload = the key). */
    public static final String CONFIG = "config";
    /** A Yjs update applied on the publishing node: topic = room name, payload = base64 update. */
    public static final String YJS = "yjs";
    /**
     * An IMAP session changed a folder's messages on the publishing node (flags, expunge, move):
     * topic = {@link #MAILBOX_TOPIC}, payload = the mail_box id. Other nodes' selected sessions catch
     * up from the shared rows by mod-sequence; new mail travels as ENTITY instead.
     */
    public static final String MAILBOX = "mailbox";
    /** The one topic of MAILBOX events (one counter row, not one per folder). */
    public static final String MAILBOX_TOPIC = "imap";
    /** A client message to a realtime topic ({@code new-message}, publish_to_topic). Numbered on that topic. */
    public static final String MESSAGE = "message";
    /** The "content.published" twin of an entity update (payload as ENTITY). Numbered on the table's topic. */
    public static final String PUBLISHED = "published";
    /** A custom topic created (payload: its owner and permission as JSON) or destroyed (empty payload). */
    public static final String TOPIC = "topic";

    /** Kinds that share one sequence per topic name: what realtime subscribers see as EventSeq / seq. */
    public static final Set<String> NUMBERED_KINDS = Set.of(ENTITY, MESSAGE, PUBLISHED);
    /** Kinds whose latest payload per topic is kept in cluster_state (nodes that start later read it). */
    public static final Set<String> STATE_KINDS = Set.of(TOPIC);
}

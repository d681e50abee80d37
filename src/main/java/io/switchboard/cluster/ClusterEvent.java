package io.switchboard.cluster;

import java.time.Instant;

/**
 * One row of {@code event_log}: {@code id} is the global order, {@code topicSeq} the per-topic
 * sequence number, {@code kind} says how to read {@code payload} ("entity": an encoded
 * EntityEvent, "config": a changed config key).
 */
public record ClusterEvent(long id, String nodeId, String kind, String topic, long topicSeq, String payload, Instant at) {
    public static final String ENTITY = "entity";
    public static final String CONFIG = "config";
    /** A Yjs update applied on the publishing node: topic = room name, payload = base64 update. */
    public static final String YJS = "yjs";
}

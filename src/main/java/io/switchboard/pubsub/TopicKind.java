package io.switchboard.pubsub;

/** Where a topic comes from; decides whether it can be destroyed. */
public enum TopicKind {
    /** One per entity table, created on first publish or subscribe; never destroyed. */
    SYSTEM,
    /** Created by a user ({@code create-topicName}); has an owner and permission bits; can be destroyed. */
    CUSTOM
}

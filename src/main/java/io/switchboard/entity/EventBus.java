package io.switchboard.entity;

import java.util.function.Consumer;

/**
 * Where committed entity changes go. The realtime layer subscribes to turn them into topic
 * events; a cluster implementation forwards them to other nodes.
 */
public interface EventBus {
    void publish(EntityEvent event);

    /** Adds a listener; it runs on the publishing thread and must not block. */
    void subscribe(Consumer<EntityEvent> listener);

    long publishedCount();
}

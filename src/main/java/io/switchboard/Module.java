package io.switchboard;

import io.switchboard.entity.EntitySchema;

import java.util.List;

/**
 * One protocol or feature package plugged into the server (feeds, FTP, SMTP, realtime ...).
 * {@link Modules} lists them; the server starts them in that order after the cores are ready and
 * before the HTTP port opens, and stops them in reverse order when draining.
 */
public interface Module {
    String name();

    /** Built-in tables this module needs; created (or completed) at start like the core ones. */
    default List<EntitySchema> builtinTables() {
        return List.of();
    }

    /** Registers routes, actions, listeners and protocol servers. */
    void start(Server server) throws Exception;

    /** Stops what start began; called before the event loops shut down. */
    default void stop() {
    }
}

package io.switchboard.entity;

import java.time.Instant;

/**
 * A committed change of one row, published once after commit. {@code row} is the row after the
 * change (for delete: as it was); {@code previous} is the row before an update (null otherwise).
 * Owner, permission and groups travel with the row so fan-out can decide per subscriber who may
 * read it without asking the database.
 */
public record EntityEvent(String table, Type type, EntityRow row, EntityRow previous, String actorId, Instant at) {
    /** The three kinds of change, named as the /live dialect names them. */
    public enum Type {
        CREATE("create"), UPDATE("update"), DELETE("delete");

        private final String wireName;

        Type(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }
}

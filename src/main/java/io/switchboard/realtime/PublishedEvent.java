package io.switchboard.realtime;

import io.switchboard.entity.EntityEvent;

/**
 * The second event of an update that set a row's {@code status} to "published": the /ws dialect
 * sends {@code content.published} for it; /live ignores it (it already had the update).
 */
public record PublishedEvent(EntityEvent change) {
    /** True when this change publishes the row, so a PublishedEvent follows it (with the next number). */
    public static boolean follows(EntityEvent ev) {
        return ev.type() == EntityEvent.Type.UPDATE && ev.previous() != null
                && "published".equals(ev.row().attributes().get("status"))
                && !"published".equals(ev.previous().attributes().get("status"));
    }
}

package io.switchboard.realtime;

import io.switchboard.entity.EntityEvent;

/**
 * The second event of an update that set a row's {@code status} to "published": the /ws dialect
 * sends {@code content.published} for it; /live ignores it (it already had the update).
 */
public record PublishedEvent(EntityEvent change) {
}

package io.switchboard.realtime;

/**
 * An entity change (or its published twin) re-published on {@link Realtime#ALL_TABLES}, carrying
 * the sequence number it got on its own table's topic, so /ws clients see one "seq per content
 * type" whichever subscription delivered it.
 */
public record AllTablesEvent(long tableSeq, Object change) {
}

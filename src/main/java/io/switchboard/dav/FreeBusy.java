package io.switchboard.dav;

import net.fortuna.ical4j.model.Component;

import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Busy time over calendars (RFC 4791 §7.10, RFC 5545 §3.6.4): the instances of opaque, not
 * cancelled events in a range, written as a VFREEBUSY. Used by free-busy-query and by the
 * scheduling outbox (RFC 6638 §5).
 */
final class FreeBusy {
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private FreeBusy() {
    }

    /** Busy periods [start, end) of the collections' events overlapping [start, end), sorted, merged where they overlap. */
    static List<long[]> busy(CollectionStore store, List<CollectionStore.Coll> colls, long start, long end) throws SQLException {
        List<long[]> busy = new ArrayList<>();
        for (CollectionStore.Coll coll : colls) {
            for (CollectionStore.Item i : store.candidates(coll, "VEVENT", start, end)) {
                for (Component e : ICalData.vevents(ICalData.parseStored(i.data()))) {
                    String transp = ICalData.prop(e, "TRANSP");
                    String status = ICalData.prop(e, "STATUS");
                    if ("TRANSPARENT".equalsIgnoreCase(transp) || "CANCELLED".equalsIgnoreCase(status)) continue;
                    for (long[] p : ICalData.instances(e, start, end)) busy.add(new long[]{Math.max(p[0], start), Math.min(p[1], end)});
                }
            }
        }
        busy.sort((a, b) -> Long.compare(a[0], b[0]));
        return busy;
    }

    /** A VFREEBUSY component's lines (no BEGIN/END) for the range and periods, plus any extra lines (ORGANIZER, ATTENDEE, UID). */
    static String component(long start, long end, List<long[]> busy, List<String> extra) {
        StringBuilder sb = new StringBuilder("BEGIN:VFREEBUSY\r\n");
        for (String l : extra) sb.append(l).append("\r\n");
        sb.append("DTSTAMP:").append(UTC.format(Instant.now())).append("\r\nDTSTART:").append(time(start))
                .append("\r\nDTEND:").append(time(end)).append("\r\n");
        for (long[] b : busy) sb.append("FREEBUSY:").append(time(b[0])).append('/').append(time(b[1])).append("\r\n");
        return sb.append("END:VFREEBUSY\r\n").toString();
    }

    /** A whole calendar object around one VFREEBUSY; {@code method} is null for a free-busy-query answer. */
    static String calendar(String method, String vfreebusy) {
        return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Switchboard//DAV//EN\r\n" + (method == null ? "" : "METHOD:" + method + "\r\n")
                + vfreebusy + "END:VCALENDAR\r\n";
    }

    static String time(long epochSeconds) {
        return UTC.format(Instant.ofEpochSecond(epochSeconds));
    }
}

package io.switchboard.dav;

import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.CalendarComponent;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The instance periods of a stored recurring object, expanded once and kept (keyed by the text's
 * hash), so a time-range query over a recurring event is a scan of a few numbers instead of a
 * recurrence expansion on every request (RFC 4791 §9.9). Only bounded rules are expanded; an
 * unbounded one ({@link #UNKNOWN}) is left to the full filter.
 */
final class InstanceSpans {
    /** Answer of {@link #overlaps} when the spans are not known (unbounded rule, too many instances). */
    static final Boolean UNKNOWN = null;
    /** More instances than this and we do not keep them (the full filter copes). */
    static final int MAX_INSTANCES = 5000;
    static final int CACHE_SIZE = 20_000;
    private static final long[] UNBOUNDED = new long[0];
    private static final long TWO_HUNDRED_YEARS = 200L * 365 * 86400;

    private static final Map<Long, long[]> CACHE = Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, long[]> e) {
            return size() > CACHE_SIZE;
        }
    });

    private InstanceSpans() {
    }

    /**
     * True when some instance of some component overlaps [start, end) (either may be null), false
     * when none does, {@link #UNKNOWN} when the object's instances cannot be listed.
     */
    static Boolean overlaps(String text, Long start, Long end) {
        long key = Hashing.hash64(text) ^ ((long) text.length() << 32);
        long[] spans = CACHE.get(key);
        if (spans == null) {
            spans = compute(ICalData.parseStored(text));
            CACHE.put(key, spans);
        }
        if (spans == UNBOUNDED) return UNKNOWN;
        for (int i = 0; i < spans.length; i += 2) {
            long ps = spans[i], pe = spans[i + 1];
            if ((end == null || ps < end) && (start == null || pe > start || (ps == pe && ps >= start))) return true;
        }
        return false;
    }

    /** Every instance of every component as start/end pairs, or UNBOUNDED. */
    private static long[] compute(Calendar cal) {
        List<long[]> all = new ArrayList<>();
        try {
            for (CalendarComponent c : cal.getComponents()) {
                if (c.getName().equals("VTIMEZONE")) continue;
                var rule = c.getProperty("RRULE");
                if (rule.isPresent() && !rule.get().getValue().contains("COUNT=") && !rule.get().getValue().contains("UNTIL=")) return UNBOUNDED;
                long[] s = ICalData.span(c);
                if (s == null) return UNBOUNDED;
                boolean recurs = rule.isPresent() || c.getProperty("RDATE").isPresent();
                if (!recurs) {
                    all.add(s);
                } else {
                    all.addAll(ICalData.instances(c, s[0], s[0] + TWO_HUNDRED_YEARS));
                }
                if (all.size() > MAX_INSTANCES) return UNBOUNDED;
            }
        } catch (RuntimeException e) {
            return UNBOUNDED;
        }
        long[] out = new long[all.size() * 2];
        for (int i = 0; i < all.size(); i++) {
            out[2 * i] = all.get(i)[0];
            out[2 * i + 1] = all.get(i)[1];
        }
        return out;
    }
}

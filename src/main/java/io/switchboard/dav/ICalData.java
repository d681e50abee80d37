package io.switchboard.dav;

import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.data.ParserException;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.ComponentContainer;
import net.fortuna.ical4j.model.Period;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.CalendarComponent;
import net.fortuna.ical4j.model.property.DateProperty;
import net.fortuna.ical4j.validate.ValidationResult;

import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.Temporal;
import java.time.temporal.TemporalAmount;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * iCalendar objects with ical4j: validation of uploads (RFC 4791 §4.1, §5.3.2.1), their time span
 * for the stored start/end, and recurrence checks for time-range queries (RFC 4791 §9.9).
 */
final class ICalData {
    static final Set<String> COMPONENTS = Set.of("VEVENT", "VTODO", "VJOURNAL");
    static final String PRECONDITION_DATA = "<C:valid-calendar-data/>";
    static final String PRECONDITION_OBJECT = "<C:valid-calendar-object-resource/>";

    private ICalData() {
    }

    /** CalendarBuilder is costly to make and not thread-safe: one per thread. */
    private static final ThreadLocal<CalendarBuilder> BUILDER = ThreadLocal.withInitial(CalendarBuilder::new);
    /** Most parsed calendars kept for queries, keyed by their text's hash (parsed objects are only read). */
    static final int CACHE_SIZE = 20_000;
    private static final Map<Long, Calendar> CACHE = java.util.Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Calendar> e) {
            return size() > CACHE_SIZE;
        }
    });

    /** A parsed stored object, from the cache when the same text was parsed before. */
    static Calendar parseStored(String text) {
        long key = Hashing.hash64(text) ^ text.length();
        Calendar c = CACHE.get(key);
        if (c == null) {
            c = parse(text);
            CACHE.put(key, c);
        }
        return c;
    }

    static Calendar parse(String text) {
        try {
            return BUILDER.get().build(new StringReader(text));
        } catch (ParserException | IOException | RuntimeException e) {
            throw new DavException(403, Replies.INVALID_ICAL + ": " + e.getMessage(), PRECONDITION_DATA);
        }
    }

    /** Validates an upload: parses, ical4j-validates, one component type, one UID, an allowed type. */
    static CollectionStore.Parsed validate(String text, String allowedComponents) {
        Calendar cal = parse(text);
        try {
            ValidationResult vr = cal.validate();
            if (vr.hasErrors()) throw new DavException(403, Replies.INVALID_ICAL + ": " + vr, PRECONDITION_DATA);
        } catch (RuntimeException e) {
            if (e instanceof DavException de) throw de;
            throw new DavException(403, Replies.INVALID_ICAL + ": " + e.getMessage(), PRECONDITION_DATA);
        }
        String type = null, uid = null;
        Long start = null, end = null;
        boolean recurring = false, sawDates = false;
        List<CalendarComponent> comps = cal.getComponents();
        for (CalendarComponent c : comps) {
            String n = c.getName();
            if (n.equals("VTIMEZONE")) continue;
            if (!COMPONENTS.contains(n)) {
                throw new DavException(403, "unsupported component " + n, "<C:supported-calendar-component/>");
            }
            if (type != null && !type.equals(n)) throw new DavException(403, "one component type per resource", PRECONDITION_OBJECT);
            type = n;
            String u = prop(c, "UID");
            if (u == null || u.isBlank()) throw new DavException(403, "every component needs a UID", PRECONDITION_OBJECT);
            if (uid != null && !uid.equals(u)) throw new DavException(403, "one UID per resource", PRECONDITION_OBJECT);
            uid = u;
            if (c.getProperty("RRULE").isPresent() || c.getProperty("RDATE").isPresent()) recurring = true;
            long[] span = span(c);
            if (span != null) {
                sawDates = true;
                start = start == null ? span[0] : Math.min(start, span[0]);
                end = end == null ? span[1] : Math.max(end, span[1]);
            }
        }
        if (type == null) throw new DavException(403, "no VEVENT, VTODO or VJOURNAL", PRECONDITION_OBJECT);
        if (allowedComponents != null && !allowedComponents.isBlank() && !List.of(allowedComponents.split(",")).contains(type)) {
            throw new DavException(403, Replies.UNSUPPORTED_COMPONENT, "<C:supported-calendar-component/>");
        }
        if (uid.length() > 500) throw new DavException(403, "UID too long", PRECONDITION_OBJECT);
        if (recurring) end = lastEnd(comps);
        if (!sawDates) {
            start = null;
            end = null;
        }
        return new CollectionStore.Parsed(uid, type, start, end, recurring);
    }

    /**
     * The end of the last instance when every recurrence is bounded (COUNT or UNTIL, RFC 5545
     * §3.3.10), so time-range queries can skip the object in SQL; null when unbounded.
     */
    static Long lastEnd(List<CalendarComponent> comps) {
        long max = Long.MIN_VALUE;
        for (CalendarComponent c : comps) {
            if (c.getName().equals("VTIMEZONE")) continue;
            Optional<Property> rule = c.getProperty("RRULE");
            if (rule.isPresent() && !rule.get().getValue().contains("COUNT=") && !rule.get().getValue().contains("UNTIL=")) return null;
            long[] s = span(c);
            if (s == null) return null;
            try {
                // bounded rules: every instance up to 200 years on (the rule ends well before for sane data)
                for (long[] p : instances(c, s[0], s[0] + 200L * 365 * 86400)) max = Math.max(max, p[1]);
            } catch (RuntimeException e) {
                return null;
            }
            max = Math.max(max, s[1]);
        }
        return max == Long.MIN_VALUE ? null : max;
    }

    static String prop(Component c, String name) {
        Optional<Property> p = c.getProperty(name);
        return p.map(Property::getValue).orElse(null);
    }

    /** [start, end) in epoch seconds of one instance (RFC 4791 §9.9 table), or null without dates. */
    static long[] span(Component c) {
        Temporal start = date(c, "DTSTART");
        Temporal end = date(c, c.getName().equals("VTODO") ? "DUE" : "DTEND");
        if (start == null && end == null) return null;
        if (start == null) {
            long e = epoch(end);
            return new long[]{e, e};
        }
        long s = epoch(start);
        if (end != null) return new long[]{s, Math.max(s, epoch(end))};
        Optional<Property> dur = c.getProperty("DURATION");
        if (dur.isPresent() && dur.get() instanceof net.fortuna.ical4j.model.property.Duration d) {
            TemporalAmount a = d.getDuration();
            long secs = a instanceof Duration du ? du.getSeconds() : a instanceof java.time.Period p ? p.toTotalMonths() * 30 * 86400L + p.getDays() * 86400L : 0;
            return new long[]{s, s + Math.max(0, secs)};
        }
        if (start instanceof LocalDate) return new long[]{s, s + 86400};
        return new long[]{s, s};
    }

    static Temporal date(Component c, String name) {
        Optional<Property> p = c.getProperty(name);
        if (p.isEmpty() || !(p.get() instanceof DateProperty<?> dp)) return null;
        return dp.getDate();
    }

    static long epoch(Temporal t) {
        if (t instanceof Instant i) return i.getEpochSecond();
        if (t instanceof ZonedDateTime z) return z.toEpochSecond();
        if (t instanceof OffsetDateTime o) return o.toEpochSecond();
        if (t instanceof LocalDateTime l) return l.toEpochSecond(ZoneOffset.UTC);
        if (t instanceof LocalDate d) return d.atStartOfDay().toEpochSecond(ZoneOffset.UTC);
        throw new IllegalArgumentException("unsupported date " + t);
    }

    /** True when some instance of a (recurring) component overlaps [start, end) (RFC 4791 §9.9). */
    static boolean overlaps(Component c, Long start, Long end) {
        ZonedDateTime from = ZonedDateTime.ofInstant(Instant.ofEpochSecond(start == null ? 0 : start), ZoneOffset.UTC);
        ZonedDateTime to = ZonedDateTime.ofInstant(Instant.ofEpochSecond(end == null ? 253402300799L : end), ZoneOffset.UTC);
        if (c.getProperty("RRULE").isEmpty() && c.getProperty("RDATE").isEmpty()) {
            long[] s = span(c);
            if (s == null) return true;
            return (end == null || s[0] < end) && (start == null || s[1] > start || (s[0] == s[1] && s[0] >= start));
        }
        try {
            Set<Period<Temporal>> set = c.calculateRecurrenceSet(new Period<>(from, to));
            for (Period<Temporal> p : set) {
                long ps = epoch(p.getStart()), pe = epoch(p.getEnd());
                if ((end == null || ps < end) && (start == null || pe > start || (ps == pe && ps >= start))) return true;
            }
            return false;
        } catch (RuntimeException e) {
            return true;
        }
    }

    /** The instance periods of a component within [start, end) as epoch-second pairs (for free-busy). */
    static List<long[]> instances(Component c, long start, long end) {
        ZonedDateTime from = ZonedDateTime.ofInstant(Instant.ofEpochSecond(start), ZoneOffset.UTC);
        ZonedDateTime to = ZonedDateTime.ofInstant(Instant.ofEpochSecond(end), ZoneOffset.UTC);
        java.util.ArrayList<long[]> out = new java.util.ArrayList<>();
        if (c.getProperty("RRULE").isEmpty() && c.getProperty("RDATE").isEmpty()) {
            long[] s = span(c);
            if (s != null && s[0] < end && s[1] > start) out.add(s);
            return out;
        }
        Set<Period<Temporal>> set = c.calculateRecurrenceSet(new Period<>(from, to));
        for (Period<Temporal> p : set) {
            long ps = epoch(p.getStart()), pe = epoch(p.getEnd());
            if (ps < end && pe > start) out.add(new long[]{ps, pe});
        }
        return out;
    }

    private static final java.time.format.DateTimeFormatter UTC = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final Set<String> RECURRENCE_PROPS = Set.of("DTSTART", "DTEND", "DURATION", "DUE", "RRULE", "RDATE", "EXDATE", "EXRULE");

    /**
     * The object with its recurrences expanded over [start, end) (RFC 4791 §9.6.5): one component per
     * instance with a RECURRENCE-ID and UTC DTSTART/DTEND, overridden instances as stored, no
     * RRULE/RDATE/EXDATE and no VTIMEZONE.
     */
    static String expand(String text, long start, long end) {
        Calendar cal = parseStored(text);
        CalendarComponent master = null;
        Map<Long, Boolean> overridden = new java.util.HashMap<>();
        for (CalendarComponent c : cal.getComponents()) {
            if (c.getName().equals("VTIMEZONE")) continue;
            Temporal rid = date(c, "RECURRENCE-ID");
            if (rid == null) master = c;
            else overridden.put(epoch(rid), true);
        }
        List<String> lines = unfold(text);
        StringBuilder out = new StringBuilder();
        List<String> block = null;
        int depth = 0;
        boolean skip = false;
        for (String l : lines) {
            String u = l.toUpperCase(java.util.Locale.ROOT);
            if (depth == 1 && u.startsWith("BEGIN:")) {
                block = new java.util.ArrayList<>();
                skip = u.equals("BEGIN:VTIMEZONE");
            }
            if (u.startsWith("BEGIN:")) depth++;
            if (block != null) block.add(l);
            else if (!u.startsWith("END:VCALENDAR")) out.append(l).append("\r\n");
            if (u.startsWith("END:")) depth--;
            if (depth == 1 && block != null && u.startsWith("END:")) {
                if (!skip) emit(out, block, master, overridden, start, end);
                block = null;
            }
        }
        return out.append("END:VCALENDAR\r\n").toString();
    }

    private static void emit(StringBuilder out, List<String> block, CalendarComponent master, Map<Long, Boolean> overridden,
                             long start, long end) {
        boolean isOverride = block.stream().anyMatch(l -> name(l).equals("RECURRENCE-ID"));
        if (isOverride || master == null) {
            for (String l : block) out.append(l).append("\r\n");
            return;
        }
        for (long[] inst : instances(master, start, end)) {
            if (overridden.containsKey(inst[0])) continue;
            int nested = 0;
            for (int i = 0; i < block.size(); i++) {
                String l = block.get(i);
                String n = name(l);
                if (n.equals("BEGIN")) nested++;
                if (nested == 1 && RECURRENCE_PROPS.contains(n)) continue;
                out.append(l).append("\r\n");
                if (i == 0) {
                    out.append("RECURRENCE-ID:").append(UTC.format(Instant.ofEpochSecond(inst[0]))).append("\r\n")
                            .append("DTSTART:").append(UTC.format(Instant.ofEpochSecond(inst[0]))).append("\r\n")
                            .append("DTEND:").append(UTC.format(Instant.ofEpochSecond(inst[1]))).append("\r\n");
                }
                if (n.equals("END")) nested--;
            }
        }
    }

    private static String name(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != ':' && line.charAt(i) != ';') i++;
        return line.substring(0, i).toUpperCase(java.util.Locale.ROOT);
    }

    private static List<String> unfold(String text) {
        List<String> out = new java.util.ArrayList<>();
        for (String l : text.replace("\r\n", "\n").split("\n")) {
            if (!l.isEmpty() && (l.charAt(0) == ' ' || l.charAt(0) == '\t') && !out.isEmpty()) {
                out.set(out.size() - 1, out.get(out.size() - 1) + l.substring(1));
            } else if (!l.isEmpty()) {
                out.add(l);
            }
        }
        return out;
    }

    static List<Component> vevents(Calendar cal) {
        return new java.util.ArrayList<>(cal.getComponents("VEVENT"));
    }

    static List<Component> subcomponents(Component c, String name) {
        if (c instanceof ComponentContainer<?> cc) return List.copyOf(cc.getComponents(name));
        return List.of();
    }
}

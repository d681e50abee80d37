package io.switchboard.dav;

import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Parameter;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.property.DateProperty;
import org.w3c.dom.Element;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code filter} of a calendar-query (RFC 4791 §9.7), compiled once per request: a tree of
 * comp-filters with time ranges, prop-filters and param-filters, evaluated against parsed
 * calendars. {@link #sqlPrefilter()} tells the store which rows can match without parsing them.
 */
final class CalendarFilter {
    /** One {@code comp-filter}: a component name, is-not-defined, a time range, nested filters. */
    record CompFilter(String name, boolean isNotDefined, Long start, Long end, boolean hasTimeRange,
                      List<PropFilter> props, List<CompFilter> comps) {
    }

    /** What SQL can decide: the component type and the stored span; {@code exact} when nothing else is asked. */
    record Prefilter(String component, Long start, Long end, boolean exact) {
    }

    private final CompFilter vcalendar;

    private CalendarFilter(CompFilter vcalendar) {
        this.vcalendar = vcalendar;
    }

    static CalendarFilter parse(Element filter) {
        if (filter == null) throw new DavException(403, "calendar-query needs a filter", "<C:valid-filter/>");
        Element vcal = DavXml.child(filter, DavXml.CALDAV, "comp-filter");
        if (vcal == null || !"VCALENDAR".equalsIgnoreCase(vcal.getAttribute("name"))) {
            throw new DavException(403, "the filter must start with comp-filter VCALENDAR", "<C:valid-filter/>");
        }
        return new CalendarFilter(comp(vcal));
    }

    private static CompFilter comp(Element cf) {
        String name = cf.getAttribute("name").toUpperCase(Locale.ROOT);
        if (name.isEmpty()) throw new DavException(403, "comp-filter needs a name", "<C:valid-filter/>");
        Element tr = DavXml.child(cf, DavXml.CALDAV, "time-range");
        Long start = null, end = null;
        if (tr != null) {
            start = parseTime(tr.getAttribute("start"));
            end = parseTime(tr.getAttribute("end"));
            if (start == null && end == null) throw new DavException(403, "time-range needs start or end", "<C:valid-filter/>");
        }
        List<PropFilter> props = new ArrayList<>();
        List<CompFilter> comps = new ArrayList<>();
        for (Element e : DavXml.children(cf)) {
            if (DavXml.is(e, DavXml.CALDAV, "prop-filter")) props.add(PropFilter.parse(e, false));
            else if (DavXml.is(e, DavXml.CALDAV, "comp-filter")) comps.add(comp(e));
        }
        return new CompFilter(name, DavXml.child(cf, DavXml.CALDAV, "is-not-defined") != null, start, end, tr != null,
                List.copyOf(props), List.copyOf(comps));
    }

    /** UTC date-time attribute (RFC 4791 §9.9) to epoch seconds; null when absent; 403 valid-filter when malformed. */
    static Long parseTime(String s) {
        if (s == null || s.isEmpty()) return null;
        try {
            return LocalDateTime.parse(s, UTC_FORMAT).toEpochSecond(ZoneOffset.UTC);
        } catch (RuntimeException e) {
            throw new DavException(403, "time-range needs UTC date-times like 20260101T000000Z", "<C:valid-filter/>");
        }
    }

    private static final DateTimeFormatter UTC_FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    /**
     * The part of the filter the stored columns answer: exactly one component comp-filter, at most
     * with a time range, under VCALENDAR. Anything else is checked on the parsed object.
     */
    Prefilter sqlPrefilter() {
        if (vcalendar.isNotDefined || !vcalendar.props.isEmpty() || vcalendar.hasTimeRange || vcalendar.comps.size() != 1) {
            return new Prefilter(null, null, null, vcalendar.comps.isEmpty() && vcalendar.props.isEmpty() && !vcalendar.isNotDefined);
        }
        CompFilter c = vcalendar.comps.get(0);
        if (c.isNotDefined) return new Prefilter(null, null, null, false);
        boolean exact = c.props.isEmpty() && c.comps.isEmpty();
        return new Prefilter(c.name, c.start, c.end, exact);
    }

    /** The whole filter against a parsed calendar (RFC 4791 §9.7.1). */
    boolean matches(Calendar calendar) {
        if (vcalendar.isNotDefined) return false;
        for (PropFilter pf : vcalendar.props) if (!pf.matches(instances(calendar.getProperties(pf.name())))) return false;
        for (CompFilter cf : vcalendar.comps) {
            if (!compMatches(cf, new ArrayList<>(calendar.getComponents(cf.name)))) return false;
        }
        return true;
    }

    private static boolean compMatches(CompFilter cf, List<? extends Component> comps) {
        if (cf.isNotDefined) return comps.isEmpty();
        for (Component c : comps) if (oneMatches(cf, c)) return true;
        return false;
    }

    private static boolean oneMatches(CompFilter cf, Component c) {
        if (cf.hasTimeRange && !ICalData.overlaps(c, cf.start, cf.end)) return false;
        for (PropFilter pf : cf.props) if (!pf.matches(instances(c.getProperties(pf.name())))) return false;
        for (CompFilter sub : cf.comps) if (!compMatches(sub, ICalData.subcomponents(c, sub.name))) return false;
        return true;
    }

    private static List<PropFilter.Instance> instances(List<Property> props) {
        List<PropFilter.Instance> out = new ArrayList<>(props.size());
        for (Property p : props) out.add(new IcalProperty(p));
        return out;
    }

    /** An ical4j property as a filter instance. */
    private record IcalProperty(Property p) implements PropFilter.Instance {
        @Override
        public String value() {
            return p.getValue();
        }

        @Override
        public List<String> param(String name) {
            List<String> out = new ArrayList<>();
            for (Parameter x : p.getParameters(name)) {
                // a list-valued parameter (MEMBER, DELEGATED-TO) may come as one comma-joined value
                for (String v : x.getValue().split(",")) out.add(unquote(v.trim()));
            }
            return out;
        }

        @Override
        public Long time() {
            if (!(p instanceof DateProperty<?> dp) || dp.getDate() == null) return null;
            try {
                return ICalData.epoch(dp.getDate());
            } catch (RuntimeException e) {
                return null;
            }
        }

        private static String unquote(String v) {
            return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
        }
    }
}

package io.switchboard.dav;

import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.CalendarComponent;
import org.w3c.dom.Element;

import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a {@code <C:calendar-data>} element in a REPORT's prop asks for (RFC 4791 §9.6): a selection
 * of components and properties ({@code comp}, {@code allcomp}, {@code prop}, {@code allprop},
 * {@code novalue}), recurrences expanded ({@code expand}) or the overridden instances limited to a
 * range ({@code limit-recurrence-set}). {@link #apply} turns a stored object into the answer.
 */
final class CalendarDataRequest {
    /** A {@code comp} element: which properties (null = all) and which sub-components (null = all). */
    record CompSelection(String name, List<PropSelection> props, List<CompSelection> comps) {
        CompSelection child(String n) {
            if (comps == null) return new CompSelection(n, null, null);
            for (CompSelection c : comps) if (c.name.equals(n)) return c;
            return null;
        }

        PropSelection prop(String n) {
            if (props == null) return new PropSelection(n, false);
            for (PropSelection p : props) if (p.name.equals(n)) return p;
            return null;
        }
    }

    /** A {@code prop} element: the property, and whether only its name and parameters are wanted. */
    record PropSelection(String name, boolean novalue) {
    }

    /** The plain request: the whole object as stored. */
    static final CalendarDataRequest WHOLE = new CalendarDataRequest(null, null, null);

    private final CompSelection selection;
    private final long[] expand;
    private final long[] limitRecurrence;

    private CalendarDataRequest(CompSelection selection, long[] expand, long[] limitRecurrence) {
        this.selection = selection;
        this.expand = expand;
        this.limitRecurrence = limitRecurrence;
    }

    /** Parses the element (null: the whole object); 403 for what we cannot return. */
    static CalendarDataRequest parse(Element data) {
        if (data == null) return WHOLE;
        String type = data.getAttribute("content-type");
        String version = data.getAttribute("version");
        if ((!type.isEmpty() && !type.equalsIgnoreCase("text/calendar")) || (!version.isEmpty() && !version.equals("2.0"))) {
            throw new DavException(403, "only text/calendar 2.0 is returned", "<C:supported-calendar-data/>");
        }
        Element comp = DavXml.child(data, DavXml.CALDAV, "comp");
        CompSelection sel = comp == null ? null : comp(comp);
        if (sel != null && !sel.name.equals("VCALENDAR")) throw new DavException(403, "calendar-data comp must start with VCALENDAR", "<C:valid-filter/>");
        long[] expand = range(DavXml.child(data, DavXml.CALDAV, "expand"));
        long[] limit = range(DavXml.child(data, DavXml.CALDAV, "limit-recurrence-set"));
        if (sel == null && expand == null && limit == null) return WHOLE;
        return new CalendarDataRequest(sel, expand, limit);
    }

    private static CompSelection comp(Element e) {
        String name = e.getAttribute("name").toUpperCase(Locale.ROOT);
        if (name.isEmpty()) throw new DavException(400, "comp needs a name");
        List<PropSelection> props = DavXml.child(e, DavXml.CALDAV, "allprop") != null ? null : new ArrayList<>();
        List<CompSelection> comps = DavXml.child(e, DavXml.CALDAV, "allcomp") != null ? null : new ArrayList<>();
        for (Element c : DavXml.children(e)) {
            if (props != null && DavXml.is(c, DavXml.CALDAV, "prop")) {
                String pn = c.getAttribute("name").toUpperCase(Locale.ROOT);
                if (pn.isEmpty()) throw new DavException(400, "prop needs a name");
                props.add(new PropSelection(pn, "yes".equalsIgnoreCase(c.getAttribute("novalue"))));
            } else if (comps != null && DavXml.is(c, DavXml.CALDAV, "comp")) {
                comps.add(comp(c));
            }
        }
        return new CompSelection(name, props, comps);
    }

    private static long[] range(Element e) {
        if (e == null) return null;
        Long s = CalendarFilter.parseTime(e.getAttribute("start")), end = CalendarFilter.parseTime(e.getAttribute("end"));
        if (s == null || end == null || end <= s) throw new DavException(403, e.getLocalName() + " needs start before end", "<C:valid-filter/>");
        return new long[]{s, end};
    }

    boolean isWhole() {
        return this == WHOLE;
    }

    /** The object as this request wants it returned. */
    String apply(String stored, boolean recurring) {
        if (isWhole()) return stored;
        String text = stored;
        if (expand != null && recurring) text = ICalData.expand(text, expand[0], expand[1]);
        if (selection == null && (limitRecurrence == null || expand != null)) return text;
        ICalLines.Block root = ICalLines.parse(text);
        if (limitRecurrence != null && expand == null && recurring) root = limitOverrides(root, ICalData.parseStored(stored));
        if (selection != null) root = select(root, selection);
        return ICalLines.write(root);
    }

    /**
     * RFC 4791 §9.6.6: keep the master components and only the overridden instances whose original
     * or new time falls in the range.
     */
    private ICalLines.Block limitOverrides(ICalLines.Block root, Calendar parsed) {
        List<String> outside = new ArrayList<>();
        for (CalendarComponent c : parsed.getComponents()) {
            Temporal rid = ICalData.date(c, "RECURRENCE-ID");
            if (rid == null) continue;
            long r = ICalData.epoch(rid);
            long[] span = ICalData.span(c);
            boolean inRange = (r >= limitRecurrence[0] && r < limitRecurrence[1])
                    || (span != null && span[0] < limitRecurrence[1] && (span[1] > limitRecurrence[0] || span[0] >= limitRecurrence[0] && span[0] == span[1]));
            if (!inRange) outside.add(ICalData.prop(c, "RECURRENCE-ID"));
        }
        if (outside.isEmpty()) return root;
        List<Object> items = new ArrayList<>();
        for (Object o : root.items()) {
            if (o instanceof ICalLines.Block b) {
                ICalLines.Line rid = b.line("RECURRENCE-ID");
                if (rid != null && outside.contains(rid.value())) continue;
            }
            items.add(o);
        }
        return new ICalLines.Block(root.name(), root.begin(), items, root.end());
    }

    /** RFC 4791 §9.6.1-9.6.4: only the selected components and properties, recursively. */
    private static ICalLines.Block select(ICalLines.Block b, CompSelection sel) {
        List<Object> items = new ArrayList<>();
        for (Object o : b.items()) {
            if (o instanceof ICalLines.Block child) {
                CompSelection cs = sel.child(child.name());
                if (cs != null) items.add(select(child, cs));
            } else {
                ICalLines.Line l = (ICalLines.Line) o;
                PropSelection ps = sel.prop(l.name());
                if (ps == null) continue;
                items.add(ps.novalue ? new ICalLines.Line(l.name(), l.head(), "", l.head()) : l);
            }
        }
        return new ICalLines.Block(b.name(), b.begin(), items, b.end());
    }
}

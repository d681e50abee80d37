package io.switchboard.dav;

import org.w3c.dom.Element;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A {@code prop-filter} of calendar-query (RFC 4791 §9.7.2) or addressbook-query (RFC 6352
 * §10.5.1), with its {@code param-filter}s (RFC 4791 §9.7.3, RFC 6352 §10.5.2). It matches when
 * some instance of the property passes its tests: all of them for CalDAV and CardDAV
 * {@code test="allof"}, any of them for CardDAV's default {@code anyof}.
 */
record PropFilter(String name, boolean isNotDefined, boolean allof, List<TextMatch> texts, Long[] timeRange, List<ParamFilter> params) {

    /** One property instance as the filters see it: its value, its parameters' values, and its time when it is a date. */
    interface Instance {
        String value();

        /** The values of the named parameter (several for a list such as TYPE=work,voice), empty when absent. */
        List<String> param(String name);

        /** Epoch seconds of a date or date-time value, or null. */
        Long time();
    }

    /** {@code <param-filter name>}: is-not-defined, or a text-match on any of the parameter's values, or just present. */
    record ParamFilter(String name, boolean isNotDefined, TextMatch text) {
        boolean matches(Instance p) {
            List<String> values = p.param(name);
            if (isNotDefined) return values.isEmpty();
            if (values.isEmpty()) return false;
            if (text == null) return true;
            for (String v : values) if (text.matches(v)) return true;
            return false;
        }
    }

    static PropFilter parse(Element pf, boolean carddav) {
        String ns = carddav ? DavXml.CARDDAV : DavXml.CALDAV;
        String name = pf.getAttribute("name").toUpperCase(Locale.ROOT);
        if (name.isEmpty()) throw new DavException(400, "prop-filter needs a name");
        boolean notDefined = DavXml.child(pf, ns, "is-not-defined") != null;
        // CalDAV allows one text-match (RFC 4791 §9.7.2), CardDAV several (RFC 6352 §10.5.1)
        List<TextMatch> texts = new ArrayList<>();
        for (Element tm : DavXml.children(pf)) {
            if (DavXml.is(tm, ns, "text-match")) texts.add(TextMatch.parse(tm, carddav));
        }
        if (!carddav && texts.size() > 1) throw new DavException(403, "one text-match per prop-filter", "<C:valid-filter/>");
        Element tr = carddav ? null : DavXml.child(pf, ns, "time-range");
        Long[] range = tr == null ? null : new Long[]{CalendarFilter.parseTime(tr.getAttribute("start")), CalendarFilter.parseTime(tr.getAttribute("end"))};
        List<ParamFilter> params = new ArrayList<>();
        for (Element e : DavXml.children(pf)) {
            if (!DavXml.is(e, ns, "param-filter")) continue;
            String pn = e.getAttribute("name").toUpperCase(Locale.ROOT);
            if (pn.isEmpty()) throw new DavException(400, "param-filter needs a name");
            Element ptm = DavXml.child(e, ns, "text-match");
            params.add(new ParamFilter(pn, DavXml.child(e, ns, "is-not-defined") != null, ptm == null ? null : TextMatch.parse(ptm, carddav)));
        }
        boolean allof = !carddav || "allof".equals(pf.getAttribute("test"));
        return new PropFilter(name, notDefined, allof, List.copyOf(texts), range, List.copyOf(params));
    }

    boolean matches(List<? extends Instance> instances) {
        if (isNotDefined) return instances.isEmpty();
        if (instances.isEmpty()) return false;
        if (texts.isEmpty() && timeRange == null && params.isEmpty()) return true;
        for (Instance i : instances) if (instanceMatches(i)) return true;
        return false;
    }

    private boolean instanceMatches(Instance i) {
        List<Boolean> results = new ArrayList<>(params.size() + 2);
        for (TextMatch t : texts) results.add(t.matches(i.value()));
        if (timeRange != null) {
            Long t = i.time();
            results.add(t != null && (timeRange[0] == null || t >= timeRange[0]) && (timeRange[1] == null || t < timeRange[1]));
        }
        for (ParamFilter p : params) results.add(p.matches(i));
        return allof ? !results.contains(false) : results.contains(true);
    }
}

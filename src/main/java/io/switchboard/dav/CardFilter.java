package io.switchboard.dav;

import org.w3c.dom.Element;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code filter} of an addressbook-query (RFC 6352 §10.5): prop-filters combined with
 * {@code test="anyof"} (the default) or {@code allof}, evaluated on a vCard's content lines.
 */
final class CardFilter {
    private final boolean allof;
    private final List<PropFilter> props;

    private CardFilter(boolean allof, List<PropFilter> props) {
        this.allof = allof;
        this.props = props;
    }

    /** Null for a missing filter element (every card matches). */
    static CardFilter parse(Element filter) {
        if (filter == null) return null;
        List<PropFilter> props = new ArrayList<>();
        for (Element pf : DavXml.children(filter)) if (DavXml.is(pf, DavXml.CARDDAV, "prop-filter")) props.add(PropFilter.parse(pf, true));
        return new CardFilter("allof".equals(filter.getAttribute("test")), List.copyOf(props));
    }

    boolean matches(String vcard) {
        if (props.isEmpty()) return true;
        List<VCardData.Line> lines = VCardData.lines(vcard);
        for (PropFilter pf : props) {
            List<CardProperty> instances = new ArrayList<>();
            for (VCardData.Line l : lines) if (l.name().equals(pf.name())) instances.add(new CardProperty(l));
            boolean r = pf.matches(instances);
            if (allof && !r) return false;
            if (!allof && r) return true;
        }
        return allof;
    }

    /** A vCard content line as a filter instance; parameters parsed per RFC 6350 §3.3 (quoted values, comma lists). */
    private record CardProperty(VCardData.Line line) implements PropFilter.Instance {
        @Override
        public String value() {
            return line.value();
        }

        @Override
        public List<String> param(String name) {
            List<String> out = new ArrayList<>();
            for (String p : VCardData.splitOutsideQuotes(line.params(), ';')) {
                if (p.isEmpty()) continue;
                int eq = p.indexOf('=');
                String pn = (eq < 0 ? p : p.substring(0, eq)).trim().toUpperCase(Locale.ROOT);
                if (eq < 0) {
                    // vCard 2.1-style bare parameter ("WORK") means TYPE=WORK
                    if (name.equals("TYPE")) out.add(pn);
                    continue;
                }
                if (!pn.equals(name)) continue;
                for (String v : VCardData.splitOutsideQuotes(p.substring(eq + 1), ',')) {
                    String t = v.trim();
                    out.add(t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1) : t);
                }
            }
            return out;
        }

        @Override
        public Long time() {
            return null;
        }
    }
}

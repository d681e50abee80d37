package io.switchboard.dav;

import org.w3c.dom.Element;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a {@code <CR:address-data>} element asks for (RFC 6352 §10.4): the whole card, or only the
 * named properties ({@code prop name}, {@code novalue}); BEGIN, END and VERSION always stay so the
 * answer is still a vCard.
 */
final class AddressDataRequest {
    static final AddressDataRequest WHOLE = new AddressDataRequest(null);

    /** Property name to novalue; null = every property. */
    private final java.util.Map<String, Boolean> props;

    private AddressDataRequest(java.util.Map<String, Boolean> props) {
        this.props = props;
    }

    static AddressDataRequest parse(Element data) {
        if (data == null) return WHOLE;
        String type = data.getAttribute("content-type");
        String version = data.getAttribute("version");
        if ((!type.isEmpty() && !type.equalsIgnoreCase("text/vcard")) || (!version.isEmpty() && !version.equals("3.0") && !version.equals("4.0"))) {
            throw new DavException(403, "only text/vcard 3.0 or 4.0 is returned", "<CR:supported-address-data/>");
        }
        if (DavXml.child(data, DavXml.CARDDAV, "allprop") != null) return WHOLE;
        java.util.Map<String, Boolean> props = new java.util.LinkedHashMap<>();
        for (Element p : DavXml.children(data)) {
            if (!DavXml.is(p, DavXml.CARDDAV, "prop")) continue;
            String n = p.getAttribute("name").toUpperCase(Locale.ROOT);
            if (n.isEmpty()) throw new DavException(400, "prop needs a name");
            props.put(n, "yes".equalsIgnoreCase(p.getAttribute("novalue")));
        }
        return props.isEmpty() ? WHOLE : new AddressDataRequest(props);
    }

    String apply(String stored) {
        if (props == null) return stored;
        ICalLines.Block card = ICalLines.parse(stored);
        List<Object> items = new ArrayList<>();
        for (Object o : card.items()) {
            if (!(o instanceof ICalLines.Line l)) continue;
            // a grouped property ("item1.EMAIL") is selected by its name without the group
            String name = l.name().substring(l.name().indexOf('.') + 1);
            Boolean novalue = name.equals("VERSION") ? Boolean.FALSE : props.get(name);
            if (novalue == null) continue;
            items.add(novalue ? new ICalLines.Line(l.name(), l.head(), "", l.head()) : l);
        }
        return ICalLines.write(new ICalLines.Block(card.name(), card.begin(), items, card.end()));
    }
}

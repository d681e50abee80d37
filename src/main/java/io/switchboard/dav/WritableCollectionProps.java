package io.switchboard.dav;

import com.fasterxml.jackson.core.type.TypeReference;
import io.switchboard.Json;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The properties of a calendar or address book a client may set, by MKCOL/MKCALENDAR or PROPPATCH:
 * the known ones map to columns, any other is a dead property kept as the XML the client sent
 * (RFC 4918 §4.2) in the collection's {@code properties} JSON.
 */
final class WritableCollectionProps {
    private WritableCollectionProps() {
    }

    /** Live properties no client may set (RFC 4918 §15, RFC 6578 §4, RFC 4791 §5.2). */
    static final Set<String> PROTECTED = Set.of("{DAV:}getetag", "{DAV:}sync-token", "{DAV:}getcontenttype",
            "{DAV:}getcontentlength", "{DAV:}getlastmodified", "{DAV:}creationdate", "{DAV:}supported-report-set", "{DAV:}owner",
            "{DAV:}current-user-principal", "{DAV:}current-user-privilege-set", "{DAV:}principal-URL", "{DAV:}lockdiscovery",
            "{DAV:}supportedlock", "{" + DavXml.CS + "}getctag", "{" + DavXml.CALDAV + "}supported-calendar-data",
            "{" + DavXml.CARDDAV + "}supported-address-data", "{" + DavXml.CALDAV + "}calendar-home-set",
            "{" + DavXml.CARDDAV + "}addressbook-home-set");

    static Map<String, String> dead(CollectionStore.Coll coll) {
        if (coll.properties() == null || coll.properties().isEmpty()) return new LinkedHashMap<>();
        try {
            return Json.MAPPER.readValue(coll.properties(),
                    new TypeReference<LinkedHashMap<String, String>>() {
                    });
        } catch (IOException e) {
            return new LinkedHashMap<>();
        }
    }

    /** Collection properties a client may set: known ones as column values, others as "?{ns}name" to their XML (dead). */
    static Map<String, Object> columns(Element prop) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Element e : DavXml.children(prop)) {
            String k = DavXml.key(e);
            switch (k) {
                case "{DAV:}displayname" -> out.put("display_name", limit(e.getTextContent(), 500));
                case "{DAV:}resourcetype" -> {
                }
                case "{" + DavXml.APPLE + "}calendar-color" -> out.put("color", limit(e.getTextContent().trim(), 32));
                case "{" + DavXml.CALDAV + "}calendar-description", "{" + DavXml.CARDDAV + "}addressbook-description" ->
                        out.put("description", limit(e.getTextContent(), 10_000));
                case "{" + DavXml.CALDAV + "}supported-calendar-component-set" -> {
                    List<String> comps = new ArrayList<>();
                    for (Element comp : DavXml.children(e)) {
                        String n = comp.getAttribute("name").toUpperCase(Locale.ROOT);
                        if (!ICalData.COMPONENTS.contains(n)) throw new DavException(403, "unsupported component " + n, "<C:supported-calendar-component/>");
                        comps.add(n);
                    }
                    if (!comps.isEmpty()) out.put("components", String.join(",", comps));
                }
                case "{" + DavXml.CALDAV + "}calendar-timezone" -> {
                }
                default -> out.put("?" + k, DavXml.serialize(e));
            }
        }
        return out;
    }

    private static String limit(String s, int max) {
        return s.length() > max ? s.substring(0, max) : s;
    }

    static Element wrap(Element e) {
        Document d = e.getOwnerDocument();
        Element p = d.createElementNS(DavXml.DAV, "prop");
        p.appendChild(e.cloneNode(true));
        return p;
    }
}

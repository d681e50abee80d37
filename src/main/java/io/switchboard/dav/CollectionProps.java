package io.switchboard.dav;

import io.switchboard.auth.Principal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The properties of a CalDAV or CardDAV space as PROPFIND and the REPORTs answer them: the root, the
 * principal and home set, a collection, an object resource (RFC 4918 §15, RFC 4791 §5.2, §6.2,
 * RFC 6352 §6.2, §7.1, RFC 6578 §4, RFC 6638 §2 through {@link Scheduling}).
 */
final class CollectionProps {
    private final CollectionDav dav;
    private final boolean cal;
    private final String base;
    private final String calBase;
    private final String cardBase;
    /** The scheduling inbox and outbox (RFC 6638) under the CalDAV principal; null for CardDAV. */
    private final Scheduling scheduling;

    CollectionProps(CollectionDav dav, String calBase, String cardBase, Scheduling scheduling) {
        this.dav = dav;
        this.cal = dav.cal;
        this.base = dav.base;
        this.calBase = calBase;
        this.cardBase = cardBase;
        this.scheduling = scheduling;
    }

    /** A property's element, or null when the resource does not have it. */
    @FunctionalInterface
    interface PropSource {
        String get(String key);
    }

    private static final List<String> ALL_ROOT = List.of("{DAV:}resourcetype", "{DAV:}current-user-principal");
    private static final List<String> ALL_HOME = List.of("{DAV:}resourcetype", "{DAV:}displayname", "{DAV:}current-user-principal",
            "{DAV:}principal-URL", "{" + DavXml.CALDAV + "}calendar-home-set", "{" + DavXml.CARDDAV + "}addressbook-home-set");
    private static final List<String> ALL_COLL = List.of("{DAV:}resourcetype", "{DAV:}displayname", "{DAV:}sync-token",
            "{" + DavXml.CS + "}getctag", "{" + DavXml.CALDAV + "}supported-calendar-component-set", "{DAV:}getetag");
    private static final List<String> ALL_ITEM = List.of("{DAV:}resourcetype", "{DAV:}getetag", "{DAV:}getcontenttype", "{DAV:}getcontentlength");

    Map<Integer, List<String>> answer(PropRequest pr, PropSource src) {
        Map<Integer, List<String>> out = Multistatus.grouped();
        List<String> ok = new ArrayList<>(), missing = new ArrayList<>();
        out.put(200, ok);
        out.put(404, missing);
        List<String> names = pr.kind() == PropRequest.Kind.PROPS ? pr.names() : List.of();
        if (pr.kind() != PropRequest.Kind.PROPS) {
            // allprop / propname: the main live properties (RFC 4918 §9.1: CalDAV data is not part of allprop)
            List<String> all = new ArrayList<>();
            all.addAll(ALL_ROOT);
            all.addAll(ALL_HOME);
            all.addAll(ALL_COLL);
            all.addAll(ALL_ITEM);
            for (String k : new LinkedHashSet<>(all)) {
                String v = src.get(k);
                if (v != null) ok.add(pr.kind() == PropRequest.Kind.NAMES ? DavXml.emptyElement(k) : v);
            }
            return out;
        }
        for (String k : names) {
            String v = src.get(k);
            if (v != null) ok.add(v);
            else missing.add(DavXml.emptyElement(k));
        }
        return out;
    }

    private String href(String tag, String href) {
        return "<" + tag + "><D:href>" + DavXml.escape(href) + "</D:href></" + tag + ">";
    }

    String common(String k, Principal who) {
        return switch (k) {
            case "{DAV:}current-user-principal" -> href("D:current-user-principal", CollectionDav.principalHref(base, who));
            case "{DAV:}principal-URL" -> href("D:principal-URL", CollectionDav.principalHref(base, who));
            case "{DAV:}owner" -> href("D:owner", CollectionDav.principalHref(base, who));
            case "{DAV:}principal-collection-set" -> href("D:principal-collection-set", base);
            case "{" + DavXml.CALDAV + "}calendar-home-set" -> href("C:calendar-home-set", CollectionDav.principalHref(calBase, who));
            case "{" + DavXml.CARDDAV + "}addressbook-home-set" -> href("CR:addressbook-home-set", CollectionDav.principalHref(cardBase, who));
            case "{" + DavXml.CALDAV + "}calendar-user-address-set" -> who.email() == null ? null
                    : "<C:calendar-user-address-set><D:href>mailto:" + DavXml.escape(who.email()) + "</D:href></C:calendar-user-address-set>";
            case "{DAV:}current-user-privilege-set" -> "<D:current-user-privilege-set><D:privilege><D:read/></D:privilege>"
                    + "<D:privilege><D:write/></D:privilege><D:privilege><D:write-properties/></D:privilege><D:privilege><D:write-content/>"
                    + "</D:privilege><D:privilege><D:bind/></D:privilege><D:privilege><D:unbind/></D:privilege><D:privilege>"
                    + "<D:read-current-user-privilege-set/></D:privilege><D:privilege><C:read-free-busy/></D:privilege></D:current-user-privilege-set>";
            default -> null;
        };
    }

    String rootProp(String k, Principal who) {
        if (k.equals("{DAV:}resourcetype")) return "<D:resourcetype><D:collection/></D:resourcetype>";
        return common(k, who);
    }

    String homeProp(String k, Principal who) {
        String sched = scheduling == null ? null : scheduling.principalProp(k, who);
        if (sched != null) return sched;
        return switch (k) {
            case "{DAV:}resourcetype" -> "<D:resourcetype><D:collection/><D:principal/></D:resourcetype>";
            case "{DAV:}displayname" -> "<D:displayname>" + DavXml.escape(who.name() == null ? who.email() : who.name()) + "</D:displayname>";
            case "{DAV:}supported-report-set" -> "<D:supported-report-set><D:supported-report><D:report><D:principal-property-search/>"
                    + "</D:report></D:supported-report></D:supported-report-set>";
            default -> common(k, who);
        };
    }

    String collProp(String k, CollectionStore.Coll coll, Principal who) {
        return switch (k) {
            case "{DAV:}resourcetype" -> cal ? "<D:resourcetype><D:collection/><C:calendar/></D:resourcetype>"
                    : "<D:resourcetype><D:collection/><CR:addressbook/></D:resourcetype>";
            case "{DAV:}displayname" -> "<D:displayname>" + DavXml.escape(coll.displayName() == null ? coll.name() : coll.displayName()) + "</D:displayname>";
            case "{DAV:}sync-token" -> "<D:sync-token>" + syncToken(coll) + "</D:sync-token>";
            case "{DAV:}getetag" -> "<D:getetag>\"" + coll.revision() + "\"</D:getetag>";
            case "{" + DavXml.CS + "}getctag" -> "<CS:getctag>" + coll.revision() + "</CS:getctag>";
            case "{" + DavXml.APPLE + "}calendar-color" -> cal && coll.color() != null ? "<A:calendar-color>" + DavXml.escape(coll.color()) + "</A:calendar-color>" : null;
            case "{" + DavXml.CALDAV + "}calendar-description" -> cal && coll.description() != null
                    ? "<C:calendar-description>" + DavXml.escape(coll.description()) + "</C:calendar-description>" : null;
            case "{" + DavXml.CARDDAV + "}addressbook-description" -> !cal && coll.description() != null
                    ? "<CR:addressbook-description>" + DavXml.escape(coll.description()) + "</CR:addressbook-description>" : null;
            case "{" + DavXml.CALDAV + "}supported-calendar-component-set" -> {
                if (!cal) yield null;
                StringBuilder sb = new StringBuilder("<C:supported-calendar-component-set>");
                for (String n : coll.components().split(",")) sb.append("<C:comp name=\"").append(n).append("\"/>");
                yield sb.append("</C:supported-calendar-component-set>").toString();
            }
            case "{" + DavXml.CALDAV + "}supported-calendar-data" -> cal
                    ? "<C:supported-calendar-data><C:calendar-data content-type=\"text/calendar\" version=\"2.0\"/></C:supported-calendar-data>" : null;
            case "{" + DavXml.CARDDAV + "}supported-address-data" -> cal ? null
                    : "<CR:supported-address-data><CR:address-data-type content-type=\"text/vcard\" version=\"3.0\"/>"
                    + "<CR:address-data-type content-type=\"text/vcard\" version=\"4.0\"/></CR:supported-address-data>";
            case "{" + DavXml.CALDAV + "}max-resource-size", "{" + DavXml.CARDDAV + "}max-resource-size" -> null;
            case "{DAV:}supported-report-set" -> "<D:supported-report-set>" + (cal
                    ? "<D:supported-report><D:report><C:calendar-query/></D:report></D:supported-report>"
                    + "<D:supported-report><D:report><C:calendar-multiget/></D:report></D:supported-report>"
                    + "<D:supported-report><D:report><C:free-busy-query/></D:report></D:supported-report>"
                    : "<D:supported-report><D:report><CR:addressbook-query/></D:report></D:supported-report>"
                    + "<D:supported-report><D:report><CR:addressbook-multiget/></D:report></D:supported-report>")
                    + "<D:supported-report><D:report><D:sync-collection/></D:report></D:supported-report></D:supported-report-set>";
            default -> {
                String v = common(k, who);
                yield v != null ? v : WritableCollectionProps.dead(coll).get(k);
            }
        };
    }

    /** The answer for one object resource (PROPFIND members, multiget, queries, sync). */
    Map<Integer, List<String>> ofItem(PropRequest pr, CollectionStore.Item item) {
        return answer(pr, k -> itemProp(k, item));
    }

    private String itemProp(String k, CollectionStore.Item i) {
        return switch (k) {
            case "{DAV:}resourcetype" -> "<D:resourcetype/>";
            case "{DAV:}getetag" -> "<D:getetag>" + DavXml.escape(i.etag()) + "</D:getetag>";
            case "{DAV:}getcontenttype" -> "<D:getcontenttype>" + dav.contentType(i) + "</D:getcontenttype>";
            case "{DAV:}getcontentlength" -> i.data() == null ? null : "<D:getcontentlength>" + i.data().getBytes(StandardCharsets.UTF_8).length + "</D:getcontentlength>";
            case "{" + DavXml.CALDAV + "}calendar-data" -> cal && i.data() != null ? "<C:calendar-data>" + RenderedData.escaped(i.etag(), i.data()) + "</C:calendar-data>" : null;
            case "{" + DavXml.CARDDAV + "}address-data" -> !cal && i.data() != null ? "<CR:address-data>" + RenderedData.escaped(i.etag(), i.data()) + "</CR:address-data>" : null;
            default -> null;
        };
    }

    String syncToken(CollectionStore.Coll coll) {
        return CollectionDav.SYNC_PREFIX + coll.id() + ":" + coll.revision();
    }
}

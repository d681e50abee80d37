package io.switchboard.dav;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.switchboard.auth.Principal;
import io.switchboard.http.ApiRequest;
import io.switchboard.http.ApiResponse;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CalDAV (RFC 4791) or CardDAV (RFC 6352) over a {@link CollectionStore}, with sync-collection
 * (RFC 6578). URL layout under the base ({@code /caldav/} or {@code /carddav/}):
 * {@code {user id}/} is the principal and the home set, {@code {user id}/{collection}/} a calendar
 * or address book, {@code {user id}/{collection}/{name}} one object resource.
 */
final class CollectionDav {
    static final String DAV_HEADER = "1, 3, calendar-access, addressbook, extended-mkcol, sync-collection";
    static final String ALLOW = "OPTIONS, GET, HEAD, PUT, DELETE, PROPFIND, PROPPATCH, REPORT, MKCOL, MKCALENDAR, COPY, MOVE";
    /** Most hrefs in one multiget. */
    static final int MAX_MULTIGET = 5000;
    static final String SYNC_PREFIX = "urn:switchboard:sync:";

    final CollectionStore store;
    final boolean cal;
    private final String base;
    private final String calBase;
    private final String cardBase;
    /** The scheduling inbox and outbox (RFC 6638) under the CalDAV principal; null for CardDAV. */
    private final Scheduling scheduling;

    private final CollectionReports reports = new CollectionReports(this);

    CollectionDav(CollectionStore store, String calBase, String cardBase, Scheduling scheduling) {
        this.store = store;
        this.scheduling = scheduling;
        this.cal = store.kind == CollectionStore.Kind.CALENDAR;
        this.base = cal ? calBase : cardBase;
        this.calBase = calBase;
        this.cardBase = cardBase;
    }

    /** One request: the caller, and where in the layout the path points. */
    record Ctx(ApiRequest req, Principal who, List<String> segs) {
        String user() {
            return segs.get(0);
        }
    }

    @FunctionalInterface
    private interface Verb {
        ApiResponse handle(CollectionDav d, Ctx c) throws Exception;
    }

    private static final Map<String, Verb> VERBS = Map.ofEntries(
            Map.entry("OPTIONS", CollectionDav::options),
            Map.entry("PROPFIND", CollectionDav::propfind),
            Map.entry("PROPPATCH", CollectionDav::proppatch),
            Map.entry("MKCALENDAR", CollectionDav::mkcalendar),
            Map.entry("MKCOL", CollectionDav::mkcol),
            Map.entry("GET", CollectionDav::get),
            Map.entry("HEAD", CollectionDav::get),
            Map.entry("PUT", CollectionDav::put),
            Map.entry("DELETE", CollectionDav::delete),
            Map.entry("REPORT", CollectionDav::report),
            Map.entry("COPY", (d, c) -> d.copyMove(c, false)),
            Map.entry("MOVE", (d, c) -> d.copyMove(c, true)));

    ApiResponse handle(ApiRequest req, Principal who, String rest) throws Exception {
        DavPath p = DavPath.parse(rest == null ? "" : rest);
        List<String> segs = p.segments();
        if (segs.size() > 3) throw new DavException(404, Replies.NOT_FOUND);
        if (!segs.isEmpty() && !segs.get(0).equals(who.userId())) throw new DavException(403, Replies.FORBIDDEN, "<D:need-privileges/>");
        if (scheduling != null && segs.size() >= 2 && Scheduling.isMailbox(segs.get(1))) return mailbox(new Ctx(req, who, segs));
        Verb v = VERBS.get(req.method().name());
        if (v == null) throw new DavException(405, req.method().name() + " is not supported here");
        return v.handle(this, new Ctx(req, who, segs));
    }

    /** {user}/inbox/ and {user}/outbox/: PROPFIND, OPTIONS, and POST of busy-time requests to the outbox. */
    private ApiResponse mailbox(Ctx c) throws SQLException {
        if (c.segs.size() > 2) throw new DavException(404, Replies.NOT_FOUND);
        String mailbox = c.segs.get(1);
        switch (c.req.method().name()) {
            case "OPTIONS" -> {
                return new ApiResponse(HttpResponseStatus.OK, null, null).header("DAV", DAV_HEADER)
                        .header("Allow", mailbox.equals(Scheduling.OUTBOX) ? "OPTIONS, PROPFIND, POST" : "OPTIONS, PROPFIND");
            }
            case "PROPFIND" -> {
                if (FileSpaceHandler.depth(c.req, 1) > 1) throw new DavException(403, Replies.DEPTH_INFINITY, "<D:propfind-finite-depth/>");
                PropRequest pr = PropRequest.parse(c.req.body());
                return new Multistatus().response(scheduling.href(c.who, mailbox), answer(pr, k -> {
                    String v = scheduling.mailboxProp(k, mailbox);
                    return v != null ? v : common(k, c.who);
                })).toResponse();
            }
            case "POST" -> {
                if (!mailbox.equals(Scheduling.OUTBOX)) throw new DavException(405, "POST goes to the scheduling outbox");
                return scheduling.post(c.req, c.who);
            }
            default -> throw new DavException(405, c.req.method().name() + " is not supported on a scheduling " + mailbox);
        }
    }

    // ---------------------------------------------------------------- hrefs

    private String principalHref(String base, Principal who) {
        return base + DavPath.encode(who.userId()) + "/";
    }

    String collHref(String user, String coll) {
        return base + DavPath.encode(user) + "/" + DavPath.encode(coll) + "/";
    }

    String itemHref(String user, String coll, String name) {
        return collHref(user, coll) + DavPath.encode(name);
    }

    /** Hrefs of the members of one collection, its prefix encoded once per request (a query lists hundreds). */
    final class MemberHrefs {
        private final String prefix;

        MemberHrefs(String user, String coll) {
            prefix = collHref(user, coll);
        }

        String of(String name) {
            return prefix + DavPath.encode(name);
        }
    }

    // ---------------------------------------------------------------- OPTIONS, GET, PUT, DELETE

    ApiResponse options(Ctx c) {
        return new ApiResponse(HttpResponseStatus.OK, null, null).header("DAV", DAV_HEADER).header("Allow", ALLOW);
    }

    ApiResponse get(Ctx c) throws SQLException {
        if (c.segs.size() < 3) {
            if (c.segs.size() == 2 && coll(c) == null) throw new DavException(404, Replies.NOT_FOUND);
            return ApiResponse.text(HttpResponseStatus.OK, "text/plain; charset=utf-8", cal ? "CalDAV collection\n" : "CardDAV collection\n");
        }
        CollectionStore.Coll coll = requireColl(c);
        CollectionStore.Item item = store.item(coll, c.segs.get(2));
        if (item == null) throw new DavException(404, Replies.NOT_FOUND);
        String inm = c.req.header("If-None-Match");
        if (inm != null && Conditions.matches(inm, item.etag())) {
            return new ApiResponse(HttpResponseStatus.NOT_MODIFIED, null, null).header("ETag", item.etag());
        }
        return new ApiResponse(HttpResponseStatus.OK, contentType(item), item.data().getBytes(StandardCharsets.UTF_8)).header("ETag", item.etag());
    }

    private String contentType(CollectionStore.Item item) {
        return cal ? "text/calendar; charset=utf-8; component=" + item.component().toLowerCase(Locale.ROOT) : "text/vcard; charset=utf-8";
    }

    ApiResponse put(Ctx c) throws SQLException {
        if (c.segs.size() != 3) throw new DavException(405, Replies.IS_COLLECTION);
        String data = c.req.bodyText();
        CollectionStore.Coll coll = store.collection(c.user(), c.segs.get(1));
        if (coll == null) throw new DavException(409, Replies.NO_PARENT);
        CollectionStore.Parsed parsed = cal ? ICalData.validate(data, coll.components()) : VCardData.validate(data);
        CollectionStore.PutResult r = store.put(c.user(), c.segs.get(1), c.segs.get(2), data, parsed, c.req.header("If-Match"),
                c.req.header("If-None-Match"), collHref(c.user(), c.segs.get(1)));
        return new ApiResponse(r.created() ? HttpResponseStatus.CREATED : HttpResponseStatus.NO_CONTENT, null, null).header("ETag", r.etag());
    }

    ApiResponse delete(Ctx c) throws SQLException {
        if (c.segs.size() == 3) {
            store.deleteItem(c.user(), c.segs.get(1), c.segs.get(2), c.req.header("If-Match"));
            return ApiResponse.noContent();
        }
        if (c.segs.size() == 2) {
            store.deleteCollection(requireColl(c));
            return ApiResponse.noContent();
        }
        throw new DavException(403, Replies.FORBIDDEN);
    }

    /**
     * COPY or MOVE of one object resource to another collection of the same user (RFC 4918 §9.8,
     * §9.9; RFC 4791 §5.3.2 preconditions apply at the destination). Collections cannot be copied.
     */
    ApiResponse copyMove(Ctx c, boolean move) throws SQLException {
        if (c.segs.size() != 3) throw new DavException(403, "only object resources can be copied or moved here");
        CollectionStore.Coll from = requireColl(c);
        CollectionStore.Item item = store.item(from, c.segs.get(2));
        if (item == null) throw new DavException(404, Replies.NOT_FOUND);
        String d = c.req.header("Destination");
        String path = d == null ? null : FileSpaceHandler.pathOf(d.trim());
        String mine = base + DavPath.encode(c.user()) + "/";
        if (path == null || !path.startsWith(mine)) throw new DavException(502, Replies.BAD_DESTINATION);
        DavPath dest = DavPath.parse(path.substring(mine.length()));
        if (dest.segments().size() != 2) throw new DavException(409, Replies.NO_PARENT);
        String toColl = dest.segments().get(0), toName = dest.segments().get(1);
        if (toColl.equals(from.name()) && toName.equals(item.name())) throw new DavException(403, Replies.SAME_DESTINATION);
        CollectionStore.Coll to = store.collection(c.user(), toColl);
        if (to == null) throw new DavException(409, Replies.NO_PARENT);
        boolean overwrite = !"F".equalsIgnoreCase(String.valueOf(c.req.header("Overwrite")).trim());
        CollectionStore.Item existing = store.item(to, toName);
        if (existing != null && !overwrite) throw new DavException(412, Replies.NO_OVERWRITE);
        if (move && toColl.equals(from.name())) {
            // a rename inside one collection: the UID stays, so free the old name first
            store.deleteItem(c.user(), from.name(), item.name(), null);
            if (existing != null) store.deleteItem(c.user(), toColl, toName, null);
            store.put(c.user(), toColl, toName, item.data(), parse(item.data(), to), null, null, collHref(c.user(), toColl));
        } else {
            if (existing != null && !existing.uid().equals(item.uid())) store.deleteItem(c.user(), toColl, toName, null);
            store.put(c.user(), toColl, toName, item.data(), parse(item.data(), to), null, null, collHref(c.user(), toColl));
            if (move) store.deleteItem(c.user(), from.name(), item.name(), null);
        }
        return new ApiResponse(existing == null ? HttpResponseStatus.CREATED : HttpResponseStatus.NO_CONTENT, null, null);
    }

    private CollectionStore.Parsed parse(String data, CollectionStore.Coll to) {
        return cal ? ICalData.validate(data, to.components()) : VCardData.validate(data);
    }

    private CollectionStore.Coll coll(Ctx c) throws SQLException {
        return store.collection(c.user(), c.segs.get(1));
    }

    CollectionStore.Coll requireColl(Ctx c) throws SQLException {
        CollectionStore.Coll coll = coll(c);
        if (coll == null) throw new DavException(404, Replies.NOT_FOUND);
        return coll;
    }

    // ---------------------------------------------------------------- MKCALENDAR, MKCOL (RFC 4791 §5.3.1, RFC 5689)

    ApiResponse mkcalendar(Ctx c) throws SQLException {
        if (!cal) throw new DavException(403, Replies.FORBIDDEN);
        Element set = null;
        if (c.req.body().length > 0) {
            Element root = DavXml.parse(c.req.body()).getDocumentElement();
            if (!DavXml.is(root, DavXml.CALDAV, "mkcalendar")) throw new DavException(400, "expected C:mkcalendar");
            set = DavXml.child(DavXml.child(root, DavXml.DAV, "set"), DavXml.DAV, "prop");
        }
        return createCollection(c, set);
    }

    ApiResponse mkcol(Ctx c) throws SQLException {
        Element set = null;
        if (c.req.body().length > 0) {
            Element root = DavXml.parse(c.req.body()).getDocumentElement();
            if (!DavXml.is(root, DavXml.DAV, "mkcol")) throw new DavException(415, Replies.BODY_NOT_SUPPORTED);
            set = DavXml.child(DavXml.child(root, DavXml.DAV, "set"), DavXml.DAV, "prop");
            Element rt = DavXml.child(set, DavXml.DAV, "resourcetype");
            boolean wanted = rt != null && DavXml.child(rt, cal ? DavXml.CALDAV : DavXml.CARDDAV, cal ? "calendar" : "addressbook") != null;
            if (!wanted) throw new DavException(403, "only " + (cal ? "calendar" : "addressbook") + " collections can be made here",
                    "<D:valid-resourcetype/>");
        }
        return createCollection(c, set);
    }

    private ApiResponse createCollection(Ctx c, Element set) throws SQLException {
        if (c.segs.size() != 2) throw new DavException(c.segs.size() == 3 ? 409 : 403, Replies.FORBIDDEN);
        if (cal && Scheduling.isMailbox(c.segs.get(1))) throw new DavException(405, Replies.EXISTS, "<D:resource-must-be-null/>");
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("components", cal ? "VEVENT,VTODO,VJOURNAL" : "VCARD");
        if (set != null) {
            Map<String, Object> w = writableProps(set);
            Map<String, String> dead = new LinkedHashMap<>();
            w.forEach((col, v) -> {
                if (col.startsWith("?")) {
                    if (PROTECTED.contains(col.substring(1))) throw new DavException(403, "protected property " + col.substring(1),
                            "<D:cannot-modify-protected-property/>");
                    dead.put(col.substring(1), (String) v);
                } else {
                    props.put(col, v);
                }
            });
            if (!dead.isEmpty()) props.put("properties", io.switchboard.Json.string(dead));
        }
        props.values().removeIf(java.util.Objects::isNull);
        store.create(c.user(), c.segs.get(1), collHref(c.user(), c.segs.get(1)), props);
        return new ApiResponse(HttpResponseStatus.CREATED, null, null).header("Cache-Control", "no-cache");
    }

    /** Live properties no client may set (RFC 4918 §15, RFC 6578 §4, RFC 4791 §5.2). */
    private static final java.util.Set<String> PROTECTED = java.util.Set.of("{DAV:}getetag", "{DAV:}sync-token", "{DAV:}getcontenttype",
            "{DAV:}getcontentlength", "{DAV:}getlastmodified", "{DAV:}creationdate", "{DAV:}supported-report-set", "{DAV:}owner",
            "{DAV:}current-user-principal", "{DAV:}current-user-privilege-set", "{DAV:}principal-URL", "{DAV:}lockdiscovery",
            "{DAV:}supportedlock", "{" + DavXml.CS + "}getctag", "{" + DavXml.CALDAV + "}supported-calendar-data",
            "{" + DavXml.CARDDAV + "}supported-address-data", "{" + DavXml.CALDAV + "}calendar-home-set",
            "{" + DavXml.CARDDAV + "}addressbook-home-set");

    private static Map<String, String> deadProps(CollectionStore.Coll coll) {
        if (coll.properties() == null || coll.properties().isEmpty()) return new LinkedHashMap<>();
        try {
            return io.switchboard.Json.MAPPER.readValue(coll.properties(),
                    new com.fasterxml.jackson.core.type.TypeReference<LinkedHashMap<String, String>>() {
                    });
        } catch (java.io.IOException e) {
            return new LinkedHashMap<>();
        }
    }

    /** Collection properties a client may set: known ones as column values, others as "?{ns}name" to their XML (dead). */
    private Map<String, Object> writableProps(Element prop) {
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

    ApiResponse proppatch(Ctx c) throws SQLException {
        if (c.segs.size() != 2) throw new DavException(403, Replies.FORBIDDEN);
        CollectionStore.Coll coll = requireColl(c);
        Element root = DavXml.parse(c.req.body()).getDocumentElement();
        if (!DavXml.is(root, DavXml.DAV, "propertyupdate")) throw new DavException(400, "expected D:propertyupdate");
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, String> dead = deadProps(coll);
        boolean deadChanged = false;
        List<String> keys = new ArrayList<>(), bad = new ArrayList<>();
        for (Element op : DavXml.children(root)) {
            boolean set = DavXml.is(op, DavXml.DAV, "set");
            Element prop = DavXml.child(op, DavXml.DAV, "prop");
            for (Element e : DavXml.children(prop)) {
                String k = DavXml.key(e);
                keys.add(k);
                if (k.equals("{DAV:}resourcetype") || PROTECTED.contains(k)) {
                    bad.add(k);
                    continue;
                }
                Map<String, Object> one = writableProps(wrap(e));
                if (one.containsKey("?" + k)) {
                    // a dead property (RFC 4918 §4.2), kept as the client sent it
                    if (set) dead.put(k, (String) one.get("?" + k));
                    else dead.remove(k);
                    deadChanged = true;
                    continue;
                }
                if (!set) one.replaceAll((col, v) -> col.equals("components") ? coll.components() : null);
                values.putAll(one);
            }
        }
        if (deadChanged) values.put("properties", dead.isEmpty() ? null : io.switchboard.Json.string(dead));
        Map<Integer, List<String>> out = Multistatus.grouped();
        if (!bad.isEmpty()) {
            List<String> f = new ArrayList<>(), dep = new ArrayList<>();
            for (String k : keys) (bad.contains(k) ? f : dep).add(DavXml.emptyElement(k));
            out.put(403, f);
            out.put(424, dep);
        } else {
            store.updateProps(coll, values);
            List<String> ok = new ArrayList<>();
            for (String k : keys) ok.add(DavXml.emptyElement(k));
            out.put(200, ok);
        }
        return new Multistatus().response(collHref(c.user(), coll.name()), out).toResponse();
    }

    private static Element wrap(Element e) {
        Document d = e.getOwnerDocument();
        Element p = d.createElementNS(DavXml.DAV, "prop");
        p.appendChild(e.cloneNode(true));
        return p;
    }

    // ---------------------------------------------------------------- PROPFIND

    ApiResponse propfind(Ctx c) throws SQLException {
        int depth = FileSpaceHandler.depth(c.req, 1);
        if (depth > 1) throw new DavException(403, Replies.DEPTH_INFINITY, "<D:propfind-finite-depth/>");
        PropRequest pr = PropRequest.parse(c.req.body());
        Multistatus ms = new Multistatus();
        switch (c.segs.size()) {
            case 0 -> {
                ms.response(base, answer(pr, k -> rootProp(k, c.who)));
                if (depth == 1) ms.response(principalHref(base, c.who), answer(pr, k -> homeProp(k, c.who)));
            }
            case 1 -> {
                ms.response(principalHref(base, c.who), answer(pr, k -> homeProp(k, c.who)));
                if (depth == 1) {
                    for (CollectionStore.Coll coll : store.collections(c.user())) {
                        ms.response(collHref(c.user(), coll.name()), answer(pr, k -> collProp(k, coll, c.who)));
                    }
                }
            }
            case 2 -> {
                CollectionStore.Coll coll = requireColl(c);
                ms.response(collHref(c.user(), coll.name()), answer(pr, k -> collProp(k, coll, c.who)));
                if (depth == 1) {
                    boolean data = pr.names().contains(dataKey());
                    MemberHrefs hrefs = new MemberHrefs(c.user(), coll.name());
                    for (CollectionStore.Item i : store.items(coll, data)) {
                        ms.response(hrefs.of(i.name()), answer(pr, k -> itemProp(k, i)));
                    }
                }
            }
            default -> {
                CollectionStore.Coll coll = requireColl(c);
                CollectionStore.Item i = store.item(coll, c.segs.get(2));
                if (i == null) throw new DavException(404, Replies.NOT_FOUND);
                ms.response(itemHref(c.user(), coll.name(), i.name()), answer(pr, k -> itemProp(k, i)));
            }
        }
        return ms.toResponse();
    }

    String dataKey() {
        return cal ? "{" + DavXml.CALDAV + "}calendar-data" : "{" + DavXml.CARDDAV + "}address-data";
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
            for (String k : new java.util.LinkedHashSet<>(all)) {
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

    private String common(String k, Principal who) {
        return switch (k) {
            case "{DAV:}current-user-principal" -> href("D:current-user-principal", principalHref(base, who));
            case "{DAV:}principal-URL" -> href("D:principal-URL", principalHref(base, who));
            case "{DAV:}owner" -> href("D:owner", principalHref(base, who));
            case "{DAV:}principal-collection-set" -> href("D:principal-collection-set", base);
            case "{" + DavXml.CALDAV + "}calendar-home-set" -> href("C:calendar-home-set", principalHref(calBase, who));
            case "{" + DavXml.CARDDAV + "}addressbook-home-set" -> href("CR:addressbook-home-set", principalHref(cardBase, who));
            case "{" + DavXml.CALDAV + "}calendar-user-address-set" -> who.email() == null ? null
                    : "<C:calendar-user-address-set><D:href>mailto:" + DavXml.escape(who.email()) + "</D:href></C:calendar-user-address-set>";
            case "{DAV:}current-user-privilege-set" -> "<D:current-user-privilege-set><D:privilege><D:read/></D:privilege>"
                    + "<D:privilege><D:write/></D:privilege><D:privilege><D:write-properties/></D:privilege><D:privilege><D:write-content/>"
                    + "</D:privilege><D:privilege><D:bind/></D:privilege><D:privilege><D:unbind/></D:privilege><D:privilege>"
                    + "<D:read-current-user-privilege-set/></D:privilege><D:privilege><C:read-free-busy/></D:privilege></D:current-user-privilege-set>";
            default -> null;
        };
    }

    private String rootProp(String k, Principal who) {
        if (k.equals("{DAV:}resourcetype")) return "<D:resourcetype><D:collection/></D:resourcetype>";
        return common(k, who);
    }

    private String homeProp(String k, Principal who) {
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

    private String collProp(String k, CollectionStore.Coll coll, Principal who) {
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
                yield v != null ? v : deadProps(coll).get(k);
            }
        };
    }

    String itemProp(String k, CollectionStore.Item i) {
        return switch (k) {
            case "{DAV:}resourcetype" -> "<D:resourcetype/>";
            case "{DAV:}getetag" -> "<D:getetag>" + DavXml.escape(i.etag()) + "</D:getetag>";
            case "{DAV:}getcontenttype" -> "<D:getcontenttype>" + contentType(i) + "</D:getcontenttype>";
            case "{DAV:}getcontentlength" -> i.data() == null ? null : "<D:getcontentlength>" + i.data().getBytes(StandardCharsets.UTF_8).length + "</D:getcontentlength>";
            case "{" + DavXml.CALDAV + "}calendar-data" -> cal && i.data() != null ? "<C:calendar-data>" + RenderedData.escaped(i.etag(), i.data()) + "</C:calendar-data>" : null;
            case "{" + DavXml.CARDDAV + "}address-data" -> !cal && i.data() != null ? "<CR:address-data>" + RenderedData.escaped(i.etag(), i.data()) + "</CR:address-data>" : null;
            default -> null;
        };
    }

    private String syncToken(CollectionStore.Coll coll) {
        return SYNC_PREFIX + coll.id() + ":" + coll.revision();
    }

    // ---------------------------------------------------------------- REPORT

    ApiResponse report(Ctx c) throws SQLException {
        return reports.run(c);
    }
}

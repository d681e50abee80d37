package io.switchboard.dav;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.switchboard.http.ApiResponse;
import org.w3c.dom.Element;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * The REPORTs of a calendar or address-book collection, one method per report found by the
 * request body's root element: sync-collection (RFC 6578 §3), calendar-multiget and
 * calendar-query (RFC 4791 §7.9, §7.8), free-busy-query (§7.10), addressbook-multiget and
 * addressbook-query (RFC 6352 §8.7, §8.6). The REPORT verb of {@link CollectionDav}; properties come from
 * {@link CollectionProps}.
 */
final class CollectionReports implements CollectionVerb {
    @FunctionalInterface
    private interface Report {
        ApiResponse run(CollectionReports r, CollectionDav.Ctx c, Element root) throws SQLException;
    }

    private static final Map<String, Report> CALDAV = Map.of(
            "{DAV:}sync-collection", CollectionReports::syncCollection,
            "{" + DavXml.CALDAV + "}calendar-multiget", CollectionReports::multiget,
            "{" + DavXml.CALDAV + "}calendar-query", CollectionReports::calendarQuery,
            "{" + DavXml.CALDAV + "}free-busy-query", CollectionReports::freeBusy);
    private static final Map<String, Report> CARDDAV = Map.of(
            "{DAV:}sync-collection", CollectionReports::syncCollection,
            "{" + DavXml.CARDDAV + "}addressbook-multiget", CollectionReports::multiget,
            "{" + DavXml.CARDDAV + "}addressbook-query", CollectionReports::addressbookQuery);

    private final CollectionDav dav;

    CollectionReports(CollectionDav dav) {
        this.dav = dav;
    }

    @Override
    public ApiResponse handle(CollectionDav.Ctx c) throws SQLException {
        Element root = DavXml.parse(c.req().body()).getDocumentElement();
        Report r = (dav.cal ? CALDAV : CARDDAV).get(DavXml.key(root));
        if (r == null) throw new DavException(403, Replies.UNSUPPORTED_REPORT, "<D:supported-report/>");
        return r.run(this, c, root);
    }

    private PropRequest reportProps(Element root) {
        Element prop = DavXml.child(root, DavXml.DAV, "prop");
        return prop == null ? PropRequest.ALL : PropRequest.of(prop);
    }

    /** What a multiget or query answers about: the collection, the properties asked for, the data wanted. */
    private record Query(CollectionStore.Coll coll, PropRequest pr, DataRequest want, CollectionDav.MemberHrefs hrefs) {
    }

    private Query query(CollectionDav.Ctx c, Element root) throws SQLException {
        if (c.segs().size() < 2) throw new DavException(403, Replies.FORBIDDEN);
        CollectionStore.Coll coll = dav.requireColl(c);
        PropRequest pr = reportProps(root);
        return new Query(coll, pr, dataRequest(pr), dav.new MemberHrefs(c.user(), coll.name()));
    }

    private ApiResponse multiget(CollectionDav.Ctx c, Element root) throws SQLException {
        Query q = query(c, root);
        Multistatus ms = new Multistatus();
        String prefix = dav.collHref(c.user(), q.coll().name());
        int n = 0;
        for (Element h : DavXml.children(root)) {
            if (!DavXml.is(h, DavXml.DAV, "href")) continue;
            if (++n > CollectionDav.MAX_MULTIGET) throw new DavException(403, "too many hrefs");
            String href = h.getTextContent().trim();
            String path = DavPath.pathOfUri(href);
            CollectionStore.Item i = null;
            if (path != null && path.startsWith(prefix)) {
                DavPath p = DavPath.parse(path.substring(prefix.length()));
                if (p.segments().size() == 1) i = dav.store.item(q.coll(), p.name());
            }
            if (i == null) {
                ms.status(href, 404);
            } else {
                CollectionStore.Item item = shaped(i, q.want());
                ms.response(q.hrefs().of(i.name()), dav.props.ofItem(q.pr(), item));
            }
        }
        return ms.toResponse();
    }

    /** RFC 6578 §3: the members changed and removed since the token's revision, and a new token. */
    private ApiResponse syncCollection(CollectionDav.Ctx c, Element root) throws SQLException {
        if (c.segs().size() != 2) throw new DavException(403, Replies.FORBIDDEN);
        CollectionStore.Coll coll = dav.requireColl(c);
        String token = DavXml.text(DavXml.child(root, DavXml.DAV, "sync-token"));
        String level = DavXml.text(DavXml.child(root, DavXml.DAV, "sync-level"));
        if (level != null && !level.equals("1")) throw new DavException(403, "only sync-level 1", "<D:sync-traversal-supported/>");
        long since = 0;
        boolean initial = token == null || token.isEmpty();
        if (!initial) {
            String want = CollectionDav.SYNC_PREFIX + coll.id() + ":";
            if (!token.startsWith(want)) throw new DavException(403, Replies.INVALID_SYNC_TOKEN, "<D:valid-sync-token/>");
            try {
                since = Long.parseLong(token.substring(want.length()));
            } catch (NumberFormatException e) {
                throw new DavException(403, Replies.INVALID_SYNC_TOKEN, "<D:valid-sync-token/>");
            }
            if (since < 0 || since > coll.revision()) throw new DavException(403, Replies.INVALID_SYNC_TOKEN, "<D:valid-sync-token/>");
        }
        PropRequest pr = reportProps(root);
        CollectionStore.Changes ch = dav.store.changes(coll, since);
        boolean data = pr.names().contains(dav.dataKey());
        DataRequest want = dataRequest(pr);
        CollectionDav.MemberHrefs hrefs = dav.new MemberHrefs(c.user(), coll.name());
        Multistatus ms = new Multistatus();
        for (CollectionStore.Item i : ch.changed()) {
            CollectionStore.Item stored = data ? dav.store.item(coll, i.name()) : i;
            if (stored == null) continue;
            CollectionStore.Item item = data ? shaped(stored, want) : stored;
            ms.response(hrefs.of(i.name()), dav.props.ofItem(pr, item));
        }
        if (!initial) for (String gone : ch.deleted()) ms.status(dav.itemHref(c.user(), coll.name(), gone), 404);
        ms.raw("<D:sync-token>" + CollectionDav.SYNC_PREFIX + coll.id() + ":" + ch.revision() + "</D:sync-token>");
        return ms.toResponse();
    }

    // ---------------------------------------------------------------- calendar-query (RFC 4791 §7.8)

    private ApiResponse calendarQuery(CollectionDav.Ctx c, Element root) throws SQLException {
        Query q = query(c, root);
        CalendarFilter filter = CalendarFilter.parse(DavXml.child(root, DavXml.CALDAV, "filter"));
        // the SQL pre-filter: component type and stored span; the rest is checked on the parsed object
        CalendarFilter.Prefilter pre = filter.sqlPrefilter();
        boolean timed = pre.start() != null || pre.end() != null;
        List<CollectionStore.Item> cands;
        boolean exact = pre.exact();
        if (c.segs().size() == 3) {
            CollectionStore.Item one = dav.store.item(q.coll(), c.segs().get(2));
            cands = one == null ? List.of() : List.of(one);
            exact = false;
        } else {
            cands = dav.store.candidates(q.coll(), pre.component(), pre.start(), pre.end());
        }
        Multistatus ms = new Multistatus();
        for (CollectionStore.Item i : cands) {
            if (!exact) {
                if (!filter.matches(ICalData.parseStored(i.data()))) continue;
            } else if (i.recurring() && timed) {
                // the stored span only bounds a recurring object: its instances decide (expanded once, then cached)
                Boolean hit = InstanceSpans.overlaps(i.data(), pre.start(), pre.end());
                if (hit == InstanceSpans.UNKNOWN ? !filter.matches(ICalData.parseStored(i.data())) : !hit) continue;
            }
            CollectionStore.Item item = shaped(i, q.want());
            ms.response(q.hrefs().of(i.name()), dav.props.ofItem(q.pr(), item));
        }
        return ms.toResponse();
    }

    /** How calendar-data or address-data is to be returned (RFC 4791 §9.6, RFC 6352 §10.4). */
    private record DataRequest(CalendarDataRequest calendar, AddressDataRequest address) {
    }

    private DataRequest dataRequest(PropRequest pr) {
        Element e = pr.element(dav.dataKey());
        return dav.cal ? new DataRequest(CalendarDataRequest.parse(e), null) : new DataRequest(null, AddressDataRequest.parse(e));
    }

    /** The item with its data as the request wants it (a selection, expanded recurrences), or as stored. */
    private static CollectionStore.Item shaped(CollectionStore.Item i, DataRequest want) {
        if (i.data() == null) return i;
        String data = want.calendar() != null ? want.calendar().apply(i.data(), i.recurring()) : want.address().apply(i.data());
        if (data.equals(i.data())) return i;
        return new CollectionStore.Item(i.id(), i.name(), i.uid(), i.etag(), i.component(), data, i.startAt(), i.endAt(), i.recurring(), i.revision());
    }

    // ---------------------------------------------------------------- free-busy-query (RFC 4791 §7.10)

    private ApiResponse freeBusy(CollectionDav.Ctx c, Element root) throws SQLException {
        if (c.segs().size() != 2) throw new DavException(403, Replies.FORBIDDEN);
        CollectionStore.Coll coll = dav.requireColl(c);
        Element tr = DavXml.child(root, DavXml.CALDAV, "time-range");
        if (tr == null) throw new DavException(400, "free-busy-query needs a time-range");
        Long start = CalendarFilter.parseTime(tr.getAttribute("start")), end = CalendarFilter.parseTime(tr.getAttribute("end"));
        if (start == null || end == null) throw new DavException(400, "free-busy-query needs start and end");
        List<long[]> busy = FreeBusy.busy(dav.store, List.of(coll), start, end);
        return ApiResponse.text(HttpResponseStatus.OK, "text/calendar; charset=utf-8",
                FreeBusy.calendar(null, FreeBusy.component(start, end, busy, List.of())));
    }

    // ---------------------------------------------------------------- addressbook-query (RFC 6352 §8.6)

    private ApiResponse addressbookQuery(CollectionDav.Ctx c, Element root) throws SQLException {
        Query q = query(c, root);
        CardFilter filter = CardFilter.parse(DavXml.child(root, DavXml.CARDDAV, "filter"));
        int limit = Integer.MAX_VALUE;
        Element lim = DavXml.child(DavXml.child(root, DavXml.CARDDAV, "limit"), DavXml.CARDDAV, "nresults");
        if (lim != null) {
            try {
                limit = Math.max(0, Integer.parseInt(lim.getTextContent().trim()));
            } catch (NumberFormatException e) {
                throw new DavException(400, "bad nresults");
            }
        }
        Multistatus ms = new Multistatus();
        int n = 0;
        for (CollectionStore.Item i : dav.store.items(q.coll(), true)) {
            if (filter != null && !filter.matches(i.data())) continue;
            if (n++ >= limit) break;
            CollectionStore.Item item = shaped(i, q.want());
            ms.response(q.hrefs().of(i.name()), dav.props.ofItem(q.pr(), item));
        }
        return ms.toResponse();
    }
}

package io.switchboard.dav;

import io.switchboard.auth.Principal;
import io.switchboard.http.ApiRequest;
import io.switchboard.http.ApiResponse;

import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CalDAV (RFC 4791) or CardDAV (RFC 6352) over a {@link CollectionStore}, with sync-collection
 * (RFC 6578): one {@link CollectionVerb} per verb, found by name here, and the URL layout they share.
 * Under the base ({@code /caldav/} or {@code /carddav/}): {@code {user id}/} is the principal and the
 * home set, {@code {user id}/{collection}/} a calendar or address book, {@code {user id}/{collection}/{name}}
 * one object resource.
 */
final class CollectionDav {
    static final String DAV_HEADER = "1, 3, calendar-access, addressbook, extended-mkcol, sync-collection";
    static final String ALLOW = "OPTIONS, GET, HEAD, PUT, DELETE, PROPFIND, PROPPATCH, REPORT, MKCOL, MKCALENDAR, COPY, MOVE";
    /** Most hrefs in one multiget. */
    static final int MAX_MULTIGET = 5000;
    static final String SYNC_PREFIX = "urn:switchboard:sync:";

    final CollectionStore store;
    final boolean cal;
    final String base;
    final CollectionProps props;
    /** The scheduling inbox and outbox (RFC 6638) under the CalDAV principal; null for CardDAV. */
    private final SchedulingMailboxes mailboxes;
    private final Map<String, CollectionVerb> verbs;

    CollectionDav(CollectionStore store, String calBase, String cardBase, Scheduling scheduling) {
        this.store = store;
        this.cal = store.kind == CollectionStore.Kind.CALENDAR;
        this.base = cal ? calBase : cardBase;
        this.props = new CollectionProps(this, calBase, cardBase, scheduling);
        this.mailboxes = scheduling == null ? null : new SchedulingMailboxes(scheduling, props);
        CollectionVerb get = new CollectionGetVerb();
        this.verbs = Map.ofEntries(
                Map.entry("OPTIONS", c -> DavResponses.options(DAV_HEADER, ALLOW)),
                Map.entry("PROPFIND", new CollectionPropfindVerb()),
                Map.entry("PROPPATCH", new CollectionProppatchVerb()),
                Map.entry("MKCALENDAR", new CollectionMkcolVerb(true)),
                Map.entry("MKCOL", new CollectionMkcolVerb(false)),
                Map.entry("GET", get),
                Map.entry("HEAD", get),
                Map.entry("PUT", new CollectionPutVerb()),
                Map.entry("DELETE", new CollectionDeleteVerb()),
                // the reports of this space's kind, found by the body's root element
                Map.entry("REPORT", new CollectionReports(this)),
                Map.entry("COPY", new CollectionCopyMoveVerb(false)),
                Map.entry("MOVE", new CollectionCopyMoveVerb(true)));
    }

    /** One request: the caller, and where in the layout the path points. */
    record Ctx(CollectionDav dav, ApiRequest req, Principal who, List<String> segs) {
        String user() {
            return segs.get(0);
        }
    }

    ApiResponse handle(ApiRequest req, Principal who, String rest) throws Exception {
        DavPath p = DavPath.parse(rest == null ? "" : rest);
        List<String> segs = p.segments();
        if (segs.size() > 3) throw new DavException(404, Replies.NOT_FOUND);
        if (!segs.isEmpty() && !segs.get(0).equals(who.userId())) throw new DavException(403, Replies.FORBIDDEN, "<D:need-privileges/>");
        if (mailboxes != null && segs.size() >= 2 && Scheduling.isMailbox(segs.get(1))) return mailboxes.handle(new Ctx(this, req, who, segs));
        CollectionVerb v = verbs.get(req.method().name());
        if (v == null) throw new DavException(405, req.method().name() + " is not supported here");
        return v.handle(new Ctx(this, req, who, segs));
    }

    // ---------------------------------------------------------------- hrefs

    static String principalHref(String base, Principal who) {
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

    // ---------------------------------------------------------------- what the verbs share

    String contentType(CollectionStore.Item item) {
        return cal ? "text/calendar; charset=utf-8; component=" + item.component().toLowerCase(Locale.ROOT) : "text/vcard; charset=utf-8";
    }

    /** Validates an object resource for collection {@code to} (iCalendar or vCard). */
    CollectionStore.Parsed parse(String data, CollectionStore.Coll to) {
        return cal ? ICalData.validate(data, to.components()) : VCardData.validate(data);
    }

    /** The collection the path names, or null. */
    CollectionStore.Coll coll(Ctx c) throws SQLException {
        return store.collection(c.user(), c.segs().get(1));
    }

    CollectionStore.Coll requireColl(Ctx c) throws SQLException {
        CollectionStore.Coll coll = coll(c);
        if (coll == null) throw new DavException(404, Replies.NOT_FOUND);
        return coll;
    }

    /** The property holding an object's data: calendar-data or address-data. */
    String dataKey() {
        return cal ? "{" + DavXml.CALDAV + "}calendar-data" : "{" + DavXml.CARDDAV + "}address-data";
    }
}

package io.switchboard.dav;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.switchboard.Json;
import io.switchboard.http.ApiResponse;
import org.w3c.dom.Element;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * MKCALENDAR (RFC 4791 §5.3.1) or extended MKCOL (RFC 5689): one class for the two, since extended
 * MKCOL generalises MKCALENDAR; they differ only in the request body's root element.
 */
final class CollectionMkcolVerb implements CollectionVerb {
    private final boolean mkcalendar;

    CollectionMkcolVerb(boolean mkcalendar) {
        this.mkcalendar = mkcalendar;
    }

    @Override
    public ApiResponse handle(CollectionDav.Ctx c) throws SQLException {
        return create(c, mkcalendar ? mkcalendarProps(c) : mkcolProps(c));
    }

    /** The {@code D:set/D:prop} of a MKCALENDAR body, or null without a body. */
    private Element mkcalendarProps(CollectionDav.Ctx c) {
        if (!c.dav().cal) throw new DavException(403, Replies.FORBIDDEN);
        if (c.req().body().length == 0) return null;
        Element root = DavXml.parse(c.req().body()).getDocumentElement();
        if (!DavXml.is(root, DavXml.CALDAV, "mkcalendar")) throw new DavException(400, "expected C:mkcalendar");
        return DavXml.child(DavXml.child(root, DavXml.DAV, "set"), DavXml.DAV, "prop");
    }

    /** The {@code D:set/D:prop} of an extended MKCOL body, whose resourcetype must be this space's kind. */
    private Element mkcolProps(CollectionDav.Ctx c) {
        if (c.req().body().length == 0) return null;
        boolean cal = c.dav().cal;
        Element root = DavXml.parse(c.req().body()).getDocumentElement();
        if (!DavXml.is(root, DavXml.DAV, "mkcol")) throw new DavException(415, Replies.BODY_NOT_SUPPORTED);
        Element set = DavXml.child(DavXml.child(root, DavXml.DAV, "set"), DavXml.DAV, "prop");
        Element rt = DavXml.child(set, DavXml.DAV, "resourcetype");
        boolean wanted = rt != null && DavXml.child(rt, cal ? DavXml.CALDAV : DavXml.CARDDAV, cal ? "calendar" : "addressbook") != null;
        if (!wanted) throw new DavException(403, "only " + (cal ? "calendar" : "addressbook") + " collections can be made here",
                "<D:valid-resourcetype/>");
        return set;
    }

    private ApiResponse create(CollectionDav.Ctx c, Element set) throws SQLException {
        CollectionDav dav = c.dav();
        if (c.segs().size() != 2) throw new DavException(c.segs().size() == 3 ? 409 : 403, Replies.FORBIDDEN);
        if (dav.cal && Scheduling.isMailbox(c.segs().get(1))) throw new DavException(405, Replies.EXISTS, "<D:resource-must-be-null/>");
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("components", dav.cal ? "VEVENT,VTODO,VJOURNAL" : "VCARD");
        if (set != null) {
            Map<String, Object> w = WritableCollectionProps.columns(set);
            Map<String, String> dead = new LinkedHashMap<>();
            w.forEach((col, v) -> {
                if (col.startsWith("?")) {
                    if (WritableCollectionProps.PROTECTED.contains(col.substring(1))) {
                        throw new DavException(403, "protected property " + col.substring(1), "<D:cannot-modify-protected-property/>");
                    }
                    dead.put(col.substring(1), (String) v);
                } else {
                    props.put(col, v);
                }
            });
            if (!dead.isEmpty()) props.put("properties", Json.string(dead));
        }
        props.values().removeIf(Objects::isNull);
        String name = c.segs().get(1);
        dav.store.create(c.user(), name, dav.collHref(c.user(), name), props);
        return new ApiResponse(HttpResponseStatus.CREATED, null, null).header("Cache-Control", "no-cache");
    }
}

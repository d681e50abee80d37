package io.switchboard.dav;

import io.switchboard.http.ApiResponse;

import java.sql.SQLException;

/**
 * PROPFIND (RFC 4918 §9.1) on the root, a principal and home set, a collection or an object
 * resource; depth 0 or 1.
 */
final class CollectionPropfindVerb implements CollectionVerb {
    @Override
    public ApiResponse handle(CollectionDav.Ctx c) throws SQLException {
        CollectionDav dav = c.dav();
        int depth = Depth.ofPropfind(c.req());
        String base = dav.base;
        CollectionProps props = dav.props;
        PropRequest pr = PropRequest.parse(c.req().body());
        Multistatus ms = new Multistatus();
        switch (c.segs().size()) {
            case 0 -> {
                ms.response(base, props.answer(pr, k -> props.rootProp(k, c.who())));
                if (depth == 1) ms.response(CollectionDav.principalHref(base, c.who()), props.answer(pr, k -> props.homeProp(k, c.who())));
            }
            case 1 -> {
                ms.response(CollectionDav.principalHref(base, c.who()), props.answer(pr, k -> props.homeProp(k, c.who())));
                if (depth == 1) {
                    for (CollectionStore.Coll coll : dav.store.collections(c.user())) {
                        ms.response(dav.collHref(c.user(), coll.name()), props.answer(pr, k -> props.collProp(k, coll, c.who())));
                    }
                }
            }
            case 2 -> {
                CollectionStore.Coll coll = dav.requireColl(c);
                ms.response(dav.collHref(c.user(), coll.name()), props.answer(pr, k -> props.collProp(k, coll, c.who())));
                if (depth == 1) {
                    boolean data = pr.names().contains(dav.dataKey());
                    CollectionDav.MemberHrefs hrefs = dav.new MemberHrefs(c.user(), coll.name());
                    for (CollectionStore.Item i : dav.store.items(coll, data)) {
                        ms.response(hrefs.of(i.name()), props.ofItem(pr, i));
                    }
                }
            }
            default -> {
                CollectionStore.Coll coll = dav.requireColl(c);
                CollectionStore.Item i = dav.store.item(coll, c.segs().get(2));
                if (i == null) throw new DavException(404, Replies.NOT_FOUND);
                ms.response(dav.itemHref(c.user(), coll.name(), i.name()), props.ofItem(pr, i));
            }
        }
        return ms.toResponse();
    }
}

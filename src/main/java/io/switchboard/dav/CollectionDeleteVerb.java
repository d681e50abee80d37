package io.switchboard.dav;

import io.switchboard.http.ApiResponse;

import java.sql.SQLException;

/** DELETE of an object resource (If-Match honoured) or of a whole collection (RFC 4918 §9.6). */
final class CollectionDeleteVerb implements CollectionVerb {
    @Override
    public ApiResponse handle(CollectionDav.Ctx c) throws SQLException {
        CollectionDav dav = c.dav();
        if (c.segs().size() == 3) {
            dav.store.deleteItem(c.user(), c.segs().get(1), c.segs().get(2), c.req().header("If-Match"));
            return ApiResponse.noContent();
        }
        if (c.segs().size() == 2) {
            dav.store.deleteCollection(dav.requireColl(c));
            return ApiResponse.noContent();
        }
        throw new DavException(403, Replies.FORBIDDEN);
    }
}

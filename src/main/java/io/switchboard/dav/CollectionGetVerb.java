package io.switchboard.dav;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.switchboard.http.ApiResponse;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;

/** GET and HEAD of an object resource (with If-None-Match), or a short text for a collection. */
final class CollectionGetVerb implements CollectionVerb {
    @Override
    public ApiResponse handle(CollectionDav.Ctx c) throws SQLException {
        CollectionDav dav = c.dav();
        if (c.segs().size() < 3) {
            if (c.segs().size() == 2 && dav.coll(c) == null) throw new DavException(404, Replies.NOT_FOUND);
            return ApiResponse.text(HttpResponseStatus.OK, "text/plain; charset=utf-8", dav.cal ? "CalDAV collection\n" : "CardDAV collection\n");
        }
        CollectionStore.Coll coll = dav.requireColl(c);
        CollectionStore.Item item = dav.store.item(coll, c.segs().get(2));
        if (item == null) throw new DavException(404, Replies.NOT_FOUND);
        String inm = c.req().header("If-None-Match");
        if (inm != null && Conditions.matches(inm, item.etag())) {
            return new ApiResponse(HttpResponseStatus.NOT_MODIFIED, null, null).header("ETag", item.etag());
        }
        return new ApiResponse(HttpResponseStatus.OK, dav.contentType(item), item.data().getBytes(StandardCharsets.UTF_8)).header("ETag", item.etag());
    }
}

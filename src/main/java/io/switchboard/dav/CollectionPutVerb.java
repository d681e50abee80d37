package io.switchboard.dav;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.switchboard.http.ApiResponse;

import java.sql.SQLException;

/** PUT of an object resource (RFC 4791 §5.3.2, RFC 6352 §6.3.2): validated data, If-Match / If-None-Match honoured. */
final class CollectionPutVerb implements CollectionVerb {
    @Override
    public ApiResponse handle(CollectionDav.Ctx c) throws SQLException {
        CollectionDav dav = c.dav();
        if (c.segs().size() != 3) throw new DavException(405, Replies.IS_COLLECTION);
        String data = c.req().bodyText();
        CollectionStore.Coll coll = dav.coll(c);
        if (coll == null) throw new DavException(409, Replies.NO_PARENT);
        String collection = c.segs().get(1);
        CollectionStore.PutResult r = dav.store.put(c.user(), collection, c.segs().get(2), data, dav.parse(data, coll),
                c.req().header("If-Match"), c.req().header("If-None-Match"), dav.collHref(c.user(), collection));
        return new ApiResponse(r.created() ? HttpResponseStatus.CREATED : HttpResponseStatus.NO_CONTENT, null, null).header("ETag", r.etag());
    }
}

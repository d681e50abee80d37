package io.switchboard.dav;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.switchboard.http.ApiResponse;

import java.sql.SQLException;

/**
 * COPY or MOVE of one object resource to another collection of the same user (RFC 4918 §9.8,
 * §9.9; RFC 4791 §5.3.2 preconditions apply at the destination). Collections cannot be copied.
 */
final class CollectionCopyMoveVerb implements CollectionVerb {
    private final boolean move;

    CollectionCopyMoveVerb(boolean move) {
        this.move = move;
    }

    @Override
    public ApiResponse handle(CollectionDav.Ctx c) throws SQLException {
        CollectionDav dav = c.dav();
        CollectionStore store = dav.store;
        if (c.segs().size() != 3) throw new DavException(403, "only object resources can be copied or moved here");
        CollectionStore.Coll from = dav.requireColl(c);
        CollectionStore.Item item = store.item(from, c.segs().get(2));
        if (item == null) throw new DavException(404, Replies.NOT_FOUND);
        String d = c.req().header("Destination");
        String path = d == null ? null : DavPath.pathOfUri(d.trim());
        String mine = dav.base + DavPath.encode(c.user()) + "/";
        if (path == null || !path.startsWith(mine)) throw new DavException(502, Replies.BAD_DESTINATION);
        DavPath dest = DavPath.parse(path.substring(mine.length()));
        if (dest.segments().size() != 2) throw new DavException(409, Replies.NO_PARENT);
        String toColl = dest.segments().get(0), toName = dest.segments().get(1);
        if (toColl.equals(from.name()) && toName.equals(item.name())) throw new DavException(403, Replies.SAME_DESTINATION);
        CollectionStore.Coll to = store.collection(c.user(), toColl);
        if (to == null) throw new DavException(409, Replies.NO_PARENT);
        boolean overwrite = !"F".equalsIgnoreCase(String.valueOf(c.req().header("Overwrite")).trim());
        CollectionStore.Item existing = store.item(to, toName);
        if (existing != null && !overwrite) throw new DavException(412, Replies.NO_OVERWRITE);
        if (move && toColl.equals(from.name())) {
            // a rename inside one collection: the UID stays, so free the old name first
            store.deleteItem(c.user(), from.name(), item.name(), null);
            if (existing != null) store.deleteItem(c.user(), toColl, toName, null);
            store.put(c.user(), toColl, toName, item.data(), dav.parse(item.data(), to), null, null, dav.collHref(c.user(), toColl));
        } else {
            if (existing != null && !existing.uid().equals(item.uid())) store.deleteItem(c.user(), toColl, toName, null);
            store.put(c.user(), toColl, toName, item.data(), dav.parse(item.data(), to), null, null, dav.collHref(c.user(), toColl));
            if (move) store.deleteItem(c.user(), from.name(), item.name(), null);
        }
        return new ApiResponse(existing == null ? HttpResponseStatus.CREATED : HttpResponseStatus.NO_CONTENT, null, null);
    }
}

package io.switchboard.dav;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.switchboard.http.ApiResponse;
import io.switchboard.store.StorageQuota;

import java.io.IOException;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * COPY (RFC 4918 §9.8) or MOVE (§9.9) inside one file space, with dead properties; one class for the
 * two since they differ in a few steps only. A copy adds its bytes to the quota, a move only frees
 * what it replaces.
 */
final class FileCopyMoveVerb implements FileSpaceVerb {
    private final boolean move;

    FileCopyMoveVerb(boolean move) {
        this.move = move;
    }

    @Override
    public ApiResponse handle(FileSpaceHandler.Ctx c) throws IOException {
        FileSpace files = c.space().files();
        Locks locks = c.locks();
        String space = c.space().id();
        BasicFileAttributes a = files.attrs(c.path());
        if (a == null) throw new DavException(404, Replies.NOT_FOUND);
        if (c.path().isRoot()) throw new DavException(403, Replies.FORBIDDEN);
        DavPath dest = destination(c);
        if (dest.key().equals(c.path().key())) throw new DavException(403, Replies.SAME_DESTINATION);
        if (a.isDirectory() && dest.within(c.path())) throw new DavException(403, Replies.SAME_DESTINATION);
        if (dest.isRoot()) throw new DavException(403, Replies.FORBIDDEN);
        String depthHeader = c.req().header("Depth");
        boolean infinite = depthHeader == null || depthHeader.equalsIgnoreCase("infinity");
        if (!infinite && (move || !depthHeader.equals("0"))) throw new DavException(400, Replies.BAD_DEPTH);
        boolean overwrite = !"F".equalsIgnoreCase(String.valueOf(c.req().header("Overwrite")).trim());
        BasicFileAttributes pa = files.attrs(dest.parent());
        if (pa == null || !pa.isDirectory()) throw new DavException(409, Replies.NO_PARENT);
        BasicFileAttributes da = files.attrs(dest);
        if (da != null && !overwrite) throw new DavException(412, Replies.NO_OVERWRITE);
        if (move) c.checkWrite(c.path(), true, true);
        else c.checkIf();
        c.checkTokens(locks.protecting(space, dest, true, true));
        long replaced = da == null ? 0 : StorageQuota.bytesUnder(files.resolve(dest));
        // a copy adds the copied bytes (less what it replaces); a move inside one space only frees what it replaces
        long added = move ? 0 : (a.isDirectory() ? (infinite ? StorageQuota.bytesUnder(files.resolve(c.path())) : 0) : a.size());
        c.reserve(added - replaced);
        if (da != null) {
            files.deleteTree(dest);
            c.space().props().delete(dest);
            locks.removeTree(space, dest);
        }
        if (move) {
            files.move(c.path(), dest);
            c.space().props().copy(c.path(), dest, true, true);
            locks.removeTree(space, c.path());
        } else {
            files.copy(c.path(), dest, infinite);
            c.space().props().copy(c.path(), dest, false, infinite);
        }
        return new ApiResponse(da == null ? HttpResponseStatus.CREATED : HttpResponseStatus.NO_CONTENT, null, null);
    }

    private static DavPath destination(FileSpaceHandler.Ctx c) {
        String d = c.req().header("Destination");
        if (d == null || d.isBlank()) throw new DavException(400, Replies.BAD_DESTINATION);
        String p = DavPath.pathOfUri(d.trim());
        String base = c.space().base();
        if (p == null || !p.startsWith(base)) throw new DavException(502, Replies.BAD_DESTINATION);
        return DavPath.parse(p.substring(base.length()));
    }
}

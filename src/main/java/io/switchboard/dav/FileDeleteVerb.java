package io.switchboard.dav;

import io.switchboard.http.ApiResponse;
import io.switchboard.store.StorageQuota;

import java.io.IOException;
import java.nio.file.attribute.BasicFileAttributes;

/** DELETE of a file or a whole folder (RFC 4918 §9.6), with its dead properties and locks; frees its bytes. */
final class FileDeleteVerb implements FileSpaceVerb {
    @Override
    public ApiResponse handle(FileSpaceHandler.Ctx c) throws IOException {
        FileSpace files = c.space().files();
        if (c.path().isRoot()) throw new DavException(403, Replies.FORBIDDEN);
        BasicFileAttributes a = files.attrs(c.path());
        if (a == null) throw new DavException(404, Replies.NOT_FOUND);
        String im = c.req().header("If-Match");
        if (im != null && (a.isDirectory() || !Conditions.matches(im, FileSpace.etag(a)))) throw new DavException(412, Replies.PRECONDITION);
        c.checkWrite(c.path(), true, true);
        long freed = StorageQuota.bytesUnder(files.resolve(c.path()));
        files.deleteTree(c.path());
        c.release(freed);
        c.space().props().delete(c.path());
        c.locks().removeTree(c.space().id(), c.path());
        return ApiResponse.noContent();
    }
}

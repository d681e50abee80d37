package io.switchboard.dav;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.switchboard.http.ApiResponse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/** PUT of a file (RFC 4918 §9.7): the parent must exist; the size counts against the owner's quota. */
final class FilePutVerb implements FileSpaceVerb {
    @Override
    public ApiResponse handle(FileSpaceHandler.Ctx c) throws IOException {
        FileSpace files = c.space().files();
        if (c.path().isRoot()) throw new DavException(405, Replies.IS_COLLECTION);
        BasicFileAttributes a = files.attrs(c.path());
        if (a != null && a.isDirectory()) throw new DavException(405, Replies.IS_COLLECTION);
        BasicFileAttributes pa = files.attrs(c.path().parent());
        if (pa == null || !pa.isDirectory()) throw new DavException(409, Replies.NO_PARENT);
        String etag = a == null ? null : FileSpace.etag(a);
        Conditions.checkPut(c.req(), etag);
        c.checkWrite(c.path(), a == null, false);
        long max = c.maxUpload();
        Path streamed = c.req().bodyFile();
        long length = streamed != null ? c.req().bodyFileLength() : c.req().body().length;
        if (length > max) throw new DavException(413, Replies.TOO_LARGE);
        long delta = length - (a == null ? 0 : a.size());
        c.reserve(delta);
        try {
            if (streamed != null) {
                // streamed to disk by the HTTP pipeline (StreamedUploads): force it and rename it into place
                files.adopt(c.path(), streamed);
            } else {
                files.write(c.path(), new ByteArrayInputStream(c.req().body()), max);
            }
        } catch (IOException | RuntimeException e) {
            c.release(delta);
            throw e;
        }
        BasicFileAttributes now = files.attrs(c.path());
        return new ApiResponse(a == null ? HttpResponseStatus.CREATED : HttpResponseStatus.NO_CONTENT, null, null)
                .header("ETag", now == null ? "" : FileSpace.etag(now));
    }
}

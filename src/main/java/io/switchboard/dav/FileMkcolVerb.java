package io.switchboard.dav;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.switchboard.http.ApiResponse;

import java.io.IOException;
import java.nio.file.attribute.BasicFileAttributes;

/** MKCOL (RFC 4918 §9.3): a folder under an existing one; a body is not supported (415). */
final class FileMkcolVerb implements FileSpaceVerb {
    @Override
    public ApiResponse handle(FileSpaceHandler.Ctx c) throws IOException {
        FileSpace files = c.space().files();
        if (c.req().body().length > 0) throw new DavException(415, Replies.BODY_NOT_SUPPORTED);
        if (files.attrs(c.path()) != null) throw new DavException(405, Replies.EXISTS);
        BasicFileAttributes pa = files.attrs(c.path().parent());
        if (pa == null || !pa.isDirectory()) throw new DavException(409, Replies.NO_PARENT);
        c.checkWrite(c.path(), true, false);
        files.mkdir(c.path());
        return new ApiResponse(HttpResponseStatus.CREATED, null, null);
    }
}

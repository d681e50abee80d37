package io.switchboard.dav;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.switchboard.http.ApiResponse;

import java.io.IOException;
import java.nio.file.attribute.BasicFileAttributes;

/** GET and HEAD of a file (with conditions and one byte range, RFC 9110 §13, §14) or an HTML index of a folder. */
final class FileGetVerb implements FileSpaceVerb {
    @Override
    public ApiResponse handle(FileSpaceHandler.Ctx c) throws IOException {
        FileSpace files = c.space().files();
        BasicFileAttributes a = files.attrs(c.path());
        if (a == null) throw new DavException(404, Replies.NOT_FOUND);
        if (a.isDirectory()) {
            StringBuilder sb = new StringBuilder("<!doctype html><title>Index</title><ul>");
            for (String n : files.list(c.path())) {
                sb.append("<li><a href=\"").append(DavXml.escape(DavPath.encode(n))).append("\">").append(DavXml.escape(n)).append("</a></li>");
            }
            return ApiResponse.text(HttpResponseStatus.OK, "text/html; charset=utf-8", sb.append("</ul>").toString());
        }
        String etag = FileSpace.etag(a);
        String inm = c.req().header("If-None-Match");
        if (inm != null && Conditions.matches(inm, etag)) {
            return new ApiResponse(HttpResponseStatus.NOT_MODIFIED, null, null).header("ETag", etag);
        }
        String im = c.req().header("If-Match");
        if (im != null && !Conditions.matches(im, etag)) throw new DavException(412, Replies.PRECONDITION);
        String lastModified = FileProps.HTTP_DATE.format(a.lastModifiedTime().toInstant());
        long size = a.size();
        long[] range = Conditions.range(c.req().header("Range"), size, c.req().header("If-Range"), etag);
        if (range != null && range[0] < 0) {
            return new ApiResponse(HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE, null, null).header("Content-Range", "bytes */" + size);
        }
        // sent from disk in chunks by the HTTP pipeline, never read whole into memory
        long first = range == null ? 0 : range[0];
        long length = range == null ? size : range[1] - range[0] + 1;
        ApiResponse r = ApiResponse.file(range == null ? HttpResponseStatus.OK : HttpResponseStatus.PARTIAL_CONTENT,
                contentType(c.path().name()), files.resolve(c.path()), first, length)
                .header("ETag", etag).header("Last-Modified", lastModified).header("Accept-Ranges", "bytes");
        if (range != null) r.header("Content-Range", "bytes " + range[0] + "-" + range[1] + "/" + size);
        return r;
    }

    static String contentType(String name) {
        String t = java.net.URLConnection.guessContentTypeFromName(name);
        return t == null ? "application/octet-stream" : t;
    }
}

package io.switchboard.dav;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.switchboard.http.ApiResponse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds a 207 multistatus body (RFC 4918 §13, §14.16). Hrefs must already be percent-encoded. */
final class Multistatus {
    static final String XML_TYPE = "application/xml; charset=utf-8";
    private final StringBuilder sb = new StringBuilder(4096)
            .append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<D:multistatus").append(DavXml.NS_DECL).append('>');

    /** One resource with its properties grouped by status code (values are full property elements). */
    Multistatus response(String href, Map<Integer, List<String>> propsByStatus) {
        sb.append("<D:response><D:href>").append(DavXml.escape(href)).append("</D:href>");
        for (Map.Entry<Integer, List<String>> e : propsByStatus.entrySet()) {
            if (e.getValue().isEmpty()) continue;
            sb.append("<D:propstat><D:prop>");
            for (String p : e.getValue()) sb.append(p);
            sb.append("</D:prop><D:status>").append(statusLine(e.getKey())).append("</D:status></D:propstat>");
        }
        sb.append("</D:response>");
        return this;
    }

    /** One resource answered with just a status (e.g. 404 in multiget, a failed member of DELETE). */
    Multistatus status(String href, int status) {
        sb.append("<D:response><D:href>").append(DavXml.escape(href)).append("</D:href><D:status>")
                .append(statusLine(status)).append("</D:status></D:response>");
        return this;
    }

    /** Raw XML appended inside the multistatus (e.g. D:sync-token). */
    Multistatus raw(String xml) {
        sb.append(xml);
        return this;
    }

    ApiResponse toResponse() {
        sb.append("</D:multistatus>");
        return new ApiResponse(HttpResponseStatus.MULTI_STATUS, XML_TYPE, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static final String OK = "HTTP/1.1 200 OK";
    private static final String NOT_FOUND = "HTTP/1.1 404 Not Found";

    static String statusLine(int code) {
        // the two a listing repeats for every member, made once
        if (code == 200) return OK;
        if (code == 404) return NOT_FOUND;
        return "HTTP/1.1 " + code + " " + HttpResponseStatus.valueOf(code).reasonPhrase();
    }

    static Map<Integer, List<String>> grouped() {
        return new LinkedHashMap<>();
    }

    /**
     * A PROPPATCH's outcome (RFC 4918 §9.2: all or nothing): every property 200 when none was refused,
     * else 403 for the refused ones and 424 (failed dependency) for the others.
     */
    static Map<Integer, List<String>> propPatch(Collection<String> keys, Collection<String> refused) {
        Map<Integer, List<String>> out = grouped();
        if (refused.isEmpty()) {
            List<String> ok = new ArrayList<>();
            for (String k : keys) ok.add(DavXml.emptyElement(k));
            out.put(200, ok);
            return out;
        }
        List<String> failed = new ArrayList<>(), dependent = new ArrayList<>();
        for (String k : keys) (refused.contains(k) ? failed : dependent).add(DavXml.emptyElement(k));
        out.put(403, failed);
        out.put(424, dependent);
        return out;
    }
}

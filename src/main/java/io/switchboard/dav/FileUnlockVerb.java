package io.switchboard.dav;

import io.switchboard.http.ApiResponse;

/** UNLOCK (RFC 4918 §9.11): the Lock-Token header must name a lock covering the resource (409 otherwise). */
final class FileUnlockVerb implements FileSpaceVerb {
    @Override
    public ApiResponse handle(FileSpaceHandler.Ctx c) {
        String h = c.req().header("Lock-Token");
        if (h == null) throw new DavException(400, "UNLOCK needs a Lock-Token header");
        String t = h.trim();
        if (t.startsWith("<") && t.endsWith(">")) t = t.substring(1, t.length() - 1);
        Locks.Lock l = c.locks().get(t);
        if (l == null || !l.space().equals(c.space().id()) || !l.covers(c.path())) {
            throw new DavException(409, Replies.NO_LOCK, "<D:lock-token-matches-request-uri/>");
        }
        c.locks().unlock(t);
        return ApiResponse.noContent();
    }
}

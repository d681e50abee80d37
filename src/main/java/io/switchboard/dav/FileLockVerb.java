package io.switchboard.dav;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.switchboard.http.ApiResponse;
import org.w3c.dom.Element;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * LOCK (RFC 4918 §9.10): a new exclusive or shared lock, or, without a body, the refresh of the lock
 * the If header names (§9.10.2). Locking an unmapped URL creates an empty file (§7.3).
 */
final class FileLockVerb implements FileSpaceVerb {
    @Override
    public ApiResponse handle(FileSpaceHandler.Ctx c) throws IOException {
        Locks locks = c.locks();
        String space = c.space().id();
        long timeout = Locks.parseTimeout(c.req().header("Timeout"));
        if (c.req().body().length == 0) return refresh(c, locks, timeout);
        Element info = DavXml.parse(c.req().body()).getDocumentElement();
        if (!DavXml.is(info, DavXml.DAV, "lockinfo")) throw new DavException(400, "expected D:lockinfo");
        Element scope = DavXml.child(info, DavXml.DAV, "lockscope");
        boolean exclusive = scope == null || DavXml.child(scope, DavXml.DAV, "shared") == null;
        Element owner = DavXml.child(info, DavXml.DAV, "owner");
        String depthHeader = c.req().header("Depth");
        boolean infinite = depthHeader == null || depthHeader.equalsIgnoreCase("infinity");
        if (!infinite && !depthHeader.equals("0")) throw new DavException(400, Replies.BAD_DEPTH);
        FileSpace files = c.space().files();
        BasicFileAttributes a = files.attrs(c.path());
        c.checkIf();
        boolean created = false;
        if (a == null) {
            BasicFileAttributes pa = files.attrs(c.path().parent());
            if (pa == null || !pa.isDirectory()) throw new DavException(409, Replies.NO_PARENT);
            c.checkTokens(locks.protecting(space, c.path(), true, false));
            files.write(c.path(), new ByteArrayInputStream(new byte[0]), c.maxUpload());
            created = true;
        }
        Locks.Lock l = locks.lock(space, c.path(), infinite && (a == null || a.isDirectory()), exclusive,
                owner == null ? null : DavXml.serialize(owner), timeout, c.principalId());
        return discovery(created ? HttpResponseStatus.CREATED : HttpResponseStatus.OK, l, c).header("Lock-Token", "<" + l.token() + ">");
    }

    private static ApiResponse refresh(FileSpaceHandler.Ctx c, Locks locks, long timeout) {
        String ifh = c.req().header("If");
        if (ifh == null) throw new DavException(400, "a LOCK without body must carry an If header with the lock token");
        for (String t : IfHeader.parse(ifh).tokens()) {
            Locks.Lock l = c.locks().get(t);
            if (l != null && l.space().equals(c.space().id()) && l.covers(c.path())) {
                return discovery(HttpResponseStatus.OK, locks.refresh(t, timeout), c);
            }
        }
        throw new DavException(412, Replies.NO_LOCK, "<D:lock-token-matches-request-uri/>");
    }

    private static ApiResponse discovery(HttpResponseStatus status, Locks.Lock l, FileSpaceHandler.Ctx c) {
        return DavResponses.xml(status, "<D:prop" + DavXml.NS_DECL + "><D:lockdiscovery>"
                + FileProps.activeLock(l, c.space().base()) + "</D:lockdiscovery></D:prop>");
    }
}

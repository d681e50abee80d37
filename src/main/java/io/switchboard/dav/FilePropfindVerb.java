package io.switchboard.dav;

import io.switchboard.http.ApiResponse;

import java.io.IOException;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** PROPFIND on a file space (RFC 4918 §9.1), depth 0 or 1: live, quota (RFC 4331) and dead properties. */
final class FilePropfindVerb implements FileSpaceVerb {
    @Override
    public ApiResponse handle(FileSpaceHandler.Ctx c) throws IOException {
        int depth = Depth.ofPropfind(c.req());
        PropRequest pr = PropRequest.parse(c.req().body());
        FileSpace files = c.space().files();
        BasicFileAttributes a = files.attrs(c.path());
        if (a == null) throw new DavException(404, Replies.NOT_FOUND);
        Multistatus ms = new Multistatus();
        describe(ms, c, c.path(), a, pr);
        if (depth == 1 && a.isDirectory()) {
            for (String n : files.list(c.path())) {
                DavPath p = c.path().child(n);
                BasicFileAttributes ca = files.attrs(p);
                if (ca != null) describe(ms, c, p, ca, pr);
            }
        }
        return ms.toResponse();
    }

    private void describe(Multistatus ms, FileSpaceHandler.Ctx c, DavPath p, BasicFileAttributes a, PropRequest pr) {
        Map<Integer, List<String>> out = Multistatus.grouped();
        List<String> ok = new ArrayList<>(), missing = new ArrayList<>();
        out.put(200, ok);
        out.put(404, missing);
        String base = c.space().base();
        Map<String, String> dead = c.space().props().get(p);
        Collection<Locks.Lock> lockList = c.locks().covering(c.space().id(), p);
        if (pr.kind() == PropRequest.Kind.NAMES) {
            for (String k : FileProps.names()) if (FileProps.live(k, a, lockList, base) != null) ok.add(DavXml.emptyElement(k));
            for (String k : dead.keySet()) ok.add(DavXml.emptyElement(k));
        } else if (pr.kind() == PropRequest.Kind.ALL) {
            for (String k : FileProps.names()) {
                String v = FileProps.live(k, a, lockList, base);
                if (v != null) ok.add(v);
            }
            ok.addAll(dead.values());
        } else {
            for (String k : pr.names()) {
                String v = k.equals("{DAV:}current-user-principal")
                        ? "<D:current-user-principal><D:href>" + DavModule.CALDAV_BASE + DavPath.encode(c.principalId()) + "/</D:href></D:current-user-principal>"
                        : FileProps.live(k, a, lockList, base);
                if (v == null) v = c.quotaProp(k, a);
                if (v == null) v = dead.get(k);
                if (v != null) ok.add(v);
                else missing.add(DavXml.emptyElement(k));
            }
        }
        ms.response(p.href(base, a.isDirectory()), out);
    }
}

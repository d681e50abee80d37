package io.switchboard.dav;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.switchboard.http.ApiRequest;
import io.switchboard.http.ApiResponse;
import io.switchboard.store.StorageQuota;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * WebDAV class 1, 2 and 3 on a directory tree (RFC 4918): one method per verb, found by name in
 * {@link #VERBS}. State lives in the {@link Space} (files, dead properties) and {@link Locks}.
 */
final class FileSpaceHandler {
    /**
     * A file space: its files, dead properties, the URL prefix it is served under, and whose
     * storage quota its files count against.
     */
    record Space(String id, FileSpace files, DeadProps props, String base, String quotaOwner) {
    }

    /** One request on one resource of a space. */
    record Ctx(ApiRequest req, String principalId, Space space, DavPath path) {
        String href(boolean collection) {
            return path.href(space.base, collection);
        }
    }

    @FunctionalInterface
    interface Verb {
        ApiResponse handle(FileSpaceHandler h, Ctx c) throws IOException;
    }

    static final Map<String, Verb> VERBS = Map.ofEntries(
            Map.entry("OPTIONS", FileSpaceHandler::options),
            Map.entry("GET", FileSpaceHandler::get),
            Map.entry("HEAD", FileSpaceHandler::get),
            Map.entry("PUT", FileSpaceHandler::put),
            Map.entry("DELETE", FileSpaceHandler::delete),
            Map.entry("MKCOL", FileSpaceHandler::mkcol),
            Map.entry("PROPFIND", FileSpaceHandler::propfind),
            Map.entry("PROPPATCH", FileSpaceHandler::proppatch),
            Map.entry("COPY", (h, c) -> h.copyMove(c, false)),
            Map.entry("MOVE", (h, c) -> h.copyMove(c, true)),
            Map.entry("LOCK", FileSpaceHandler::lock),
            Map.entry("UNLOCK", FileSpaceHandler::unlock));

    static final String ALLOW = "OPTIONS, GET, HEAD, PUT, DELETE, MKCOL, PROPFIND, PROPPATCH, COPY, MOVE, LOCK, UNLOCK";

    private final Locks locks;
    private final StorageQuota quota;
    private final long maxUpload;

    FileSpaceHandler(Locks locks, StorageQuota quota, long maxUpload) {
        this.locks = locks;
        this.quota = quota;
        this.maxUpload = maxUpload;
    }

    ApiResponse handle(Ctx c) throws IOException {
        Verb v = VERBS.get(c.req().method().name());
        if (v == null) throw new DavException(405, c.req().method().name() + " is not supported here");
        return v.handle(this, c);
    }

    // ---------------------------------------------------------------- reads

    ApiResponse options(Ctx c) {
        return new ApiResponse(HttpResponseStatus.OK, null, null).header("DAV", DavModule.DAV_HEADER).header("Allow", ALLOW)
                .header("MS-Author-Via", "DAV");
    }

    ApiResponse get(Ctx c) throws IOException {
        BasicFileAttributes a = c.space.files.attrs(c.path);
        if (a == null) throw new DavException(404, Replies.NOT_FOUND);
        if (a.isDirectory()) {
            StringBuilder sb = new StringBuilder("<!doctype html><title>Index</title><ul>");
            for (String n : c.space.files.list(c.path)) {
                sb.append("<li><a href=\"").append(DavXml.escape(DavPath.encode(n))).append("\">").append(DavXml.escape(n)).append("</a></li>");
            }
            return ApiResponse.text(HttpResponseStatus.OK, "text/html; charset=utf-8", sb.append("</ul>").toString());
        }
        String etag = FileSpace.etag(a);
        String inm = c.req.header("If-None-Match");
        if (inm != null && Conditions.matches(inm, etag)) {
            return new ApiResponse(HttpResponseStatus.NOT_MODIFIED, null, null).header("ETag", etag);
        }
        String im = c.req.header("If-Match");
        if (im != null && !Conditions.matches(im, etag)) throw new DavException(412, Replies.PRECONDITION);
        String lastModified = FileProps.HTTP_DATE.format(a.lastModifiedTime().toInstant());
        long size = a.size();
        long[] range = Conditions.range(c.req.header("Range"), size, c.req.header("If-Range"), etag);
        if (range != null && range[0] < 0) {
            return new ApiResponse(HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE, null, null).header("Content-Range", "bytes */" + size);
        }
        // sent from disk in chunks by the HTTP pipeline, never read whole into memory
        long first = range == null ? 0 : range[0];
        long length = range == null ? size : range[1] - range[0] + 1;
        ApiResponse r = ApiResponse.file(range == null ? HttpResponseStatus.OK : HttpResponseStatus.PARTIAL_CONTENT,
                contentType(c.path.name()), c.space.files.resolve(c.path), first, length)
                .header("ETag", etag).header("Last-Modified", lastModified).header("Accept-Ranges", "bytes");
        if (range != null) r.header("Content-Range", "bytes " + range[0] + "-" + range[1] + "/" + size);
        return r;
    }

    static String contentType(String name) {
        String t = java.net.URLConnection.guessContentTypeFromName(name);
        return t == null ? "application/octet-stream" : t;
    }

    ApiResponse propfind(Ctx c) throws IOException {
        int depth = depth(c.req, 1);
        if (depth > 1) throw new DavException(403, Replies.DEPTH_INFINITY, "<D:propfind-finite-depth/>");
        PropRequest pr = PropRequest.parse(c.req.body());
        BasicFileAttributes a = c.space.files.attrs(c.path);
        if (a == null) throw new DavException(404, Replies.NOT_FOUND);
        Multistatus ms = new Multistatus();
        describe(ms, c, c.path, a, pr);
        if (depth == 1 && a.isDirectory()) {
            for (String n : c.space.files.list(c.path)) {
                DavPath p = c.path.child(n);
                BasicFileAttributes ca = c.space.files.attrs(p);
                if (ca != null) describe(ms, c, p, ca, pr);
            }
        }
        return ms.toResponse();
    }

    private void describe(Multistatus ms, Ctx c, DavPath p, BasicFileAttributes a, PropRequest pr) {
        Map<Integer, List<String>> out = Multistatus.grouped();
        List<String> ok = new ArrayList<>(), missing = new ArrayList<>();
        out.put(200, ok);
        out.put(404, missing);
        Map<String, String> dead = c.space.props.get(p);
        Collection<Locks.Lock> lockList = locks.covering(c.space.id, p);
        if (pr.kind() == PropRequest.Kind.NAMES) {
            for (String k : FileProps.names()) if (FileProps.live(k, a, lockList, c.space.base) != null) ok.add(DavXml.emptyElement(k));
            for (String k : dead.keySet()) ok.add(DavXml.emptyElement(k));
        } else if (pr.kind() == PropRequest.Kind.ALL) {
            for (String k : FileProps.names()) {
                String v = FileProps.live(k, a, lockList, c.space.base);
                if (v != null) ok.add(v);
            }
            ok.addAll(dead.values());
        } else {
            for (String k : pr.names()) {
                String v = k.equals("{DAV:}current-user-principal")
                        ? "<D:current-user-principal><D:href>" + DavModule.CALDAV_BASE + DavPath.encode(c.principalId) + "/</D:href></D:current-user-principal>"
                        : FileProps.live(k, a, lockList, c.space.base);
                if (v == null) v = quotaProp(k, c, a);
                if (v == null) v = dead.get(k);
                if (v != null) ok.add(v);
                else missing.add(DavXml.emptyElement(k));
            }
        }
        ms.response(p.href(c.space.base, a.isDirectory()), out);
    }

    ApiResponse proppatch(Ctx c) throws IOException {
        BasicFileAttributes a = c.space.files.attrs(c.path);
        if (a == null) throw new DavException(404, Replies.NOT_FOUND);
        checkWrite(c, c.path, false, false);
        Document d = DavXml.parse(c.req.body());
        Element root = d.getDocumentElement();
        if (!DavXml.is(root, DavXml.DAV, "propertyupdate")) throw new DavException(400, "expected D:propertyupdate");
        List<Map.Entry<String, String>> changes = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        List<String> forbidden = new ArrayList<>();
        for (Element op : DavXml.children(root)) {
            boolean set = DavXml.is(op, DavXml.DAV, "set");
            if (!set && !DavXml.is(op, DavXml.DAV, "remove")) continue;
            for (Element prop : DavXml.children(DavXml.child(op, DavXml.DAV, "prop"))) {
                String k = DavXml.key(prop);
                keys.add(k);
                if (FileProps.isLive(k)) forbidden.add(k);
                changes.add(new AbstractMap.SimpleEntry<>(k, set ? DavXml.serialize(prop) : null));
            }
        }
        Map<Integer, List<String>> out = Multistatus.grouped();
        if (!forbidden.isEmpty()) {
            List<String> failed = new ArrayList<>(), dep = new ArrayList<>();
            for (String k : new java.util.LinkedHashSet<>(keys)) (forbidden.contains(k) ? failed : dep).add(DavXml.emptyElement(k));
            out.put(403, failed);
            out.put(424, dep);
        } else {
            c.space.props.apply(c.path, changes);
            List<String> ok = new ArrayList<>();
            for (String k : new java.util.LinkedHashSet<>(keys)) ok.add(DavXml.emptyElement(k));
            out.put(200, ok);
        }
        return new Multistatus().response(c.href(a.isDirectory()), out).toResponse();
    }

    // ---------------------------------------------------------------- writes

    ApiResponse put(Ctx c) throws IOException {
        if (c.path.isRoot()) throw new DavException(405, Replies.IS_COLLECTION);
        BasicFileAttributes a = c.space.files.attrs(c.path);
        if (a != null && a.isDirectory()) throw new DavException(405, Replies.IS_COLLECTION);
        BasicFileAttributes pa = c.space.files.attrs(c.path.parent());
        if (pa == null || !pa.isDirectory()) throw new DavException(409, Replies.NO_PARENT);
        String etag = a == null ? null : FileSpace.etag(a);
        Conditions.checkPut(c.req, etag);
        checkWrite(c, c.path, a == null, false);
        java.nio.file.Path streamed = c.req.bodyFile();
        long length = streamed != null ? c.req.bodyFileLength() : c.req.body().length;
        if (length > maxUpload) throw new DavException(413, Replies.TOO_LARGE);
        long delta = length - (a == null ? 0 : a.size());
        reserve(c, delta);
        try {
            if (streamed != null) {
                // streamed to disk by the HTTP pipeline (StreamedUploads): force it and rename it into place
                c.space.files.adopt(c.path, streamed);
            } else {
                c.space.files.write(c.path, new ByteArrayInputStream(c.req.body()), maxUpload);
            }
        } catch (IOException | RuntimeException e) {
            quota.release(c.space.quotaOwner, delta);
            throw e;
        }
        BasicFileAttributes now = c.space.files.attrs(c.path);
        return new ApiResponse(a == null ? HttpResponseStatus.CREATED : HttpResponseStatus.NO_CONTENT, null, null)
                .header("ETag", now == null ? "" : FileSpace.etag(now));
    }

    ApiResponse delete(Ctx c) throws IOException {
        if (c.path.isRoot()) throw new DavException(403, Replies.FORBIDDEN);
        BasicFileAttributes a = c.space.files.attrs(c.path);
        if (a == null) throw new DavException(404, Replies.NOT_FOUND);
        String im = c.req.header("If-Match");
        if (im != null && (a.isDirectory() || !Conditions.matches(im, FileSpace.etag(a)))) throw new DavException(412, Replies.PRECONDITION);
        checkWrite(c, c.path, true, true);
        long freed = StorageQuota.bytesUnder(c.space.files.resolve(c.path));
        c.space.files.deleteTree(c.path);
        quota.release(c.space.quotaOwner, freed);
        c.space.props.delete(c.path);
        locks.removeTree(c.space.id, c.path);
        return ApiResponse.noContent();
    }

    ApiResponse mkcol(Ctx c) throws IOException {
        if (c.req.body().length > 0) throw new DavException(415, Replies.BODY_NOT_SUPPORTED);
        if (c.space.files.attrs(c.path) != null) throw new DavException(405, Replies.EXISTS);
        BasicFileAttributes pa = c.space.files.attrs(c.path.parent());
        if (pa == null || !pa.isDirectory()) throw new DavException(409, Replies.NO_PARENT);
        checkWrite(c, c.path, true, false);
        c.space.files.mkdir(c.path);
        return new ApiResponse(HttpResponseStatus.CREATED, null, null);
    }

    ApiResponse copyMove(Ctx c, boolean move) throws IOException {
        BasicFileAttributes a = c.space.files.attrs(c.path);
        if (a == null) throw new DavException(404, Replies.NOT_FOUND);
        if (c.path.isRoot()) throw new DavException(403, Replies.FORBIDDEN);
        DavPath dest = destination(c);
        if (dest.key().equals(c.path.key())) throw new DavException(403, Replies.SAME_DESTINATION);
        if (a.isDirectory() && dest.within(c.path)) throw new DavException(403, Replies.SAME_DESTINATION);
        if (dest.isRoot()) throw new DavException(403, Replies.FORBIDDEN);
        String depthHeader = c.req.header("Depth");
        boolean infinite = depthHeader == null || depthHeader.equalsIgnoreCase("infinity");
        if (!infinite && (move || !depthHeader.equals("0"))) throw new DavException(400, Replies.BAD_DEPTH);
        boolean overwrite = !"F".equalsIgnoreCase(String.valueOf(c.req.header("Overwrite")).trim());
        BasicFileAttributes pa = c.space.files.attrs(dest.parent());
        if (pa == null || !pa.isDirectory()) throw new DavException(409, Replies.NO_PARENT);
        BasicFileAttributes da = c.space.files.attrs(dest);
        if (da != null && !overwrite) throw new DavException(412, Replies.NO_OVERWRITE);
        if (move) checkWrite(c, c.path, true, true);
        else checkIf(c);
        checkTokens(c, locks.protecting(c.space.id, dest, true, true));
        long replaced = da == null ? 0 : StorageQuota.bytesUnder(c.space.files.resolve(dest));
        // a copy adds the copied bytes (less what it replaces); a move inside one space only frees what it replaces
        long added = move ? 0 : (a.isDirectory() ? (infinite ? StorageQuota.bytesUnder(c.space.files.resolve(c.path)) : 0) : a.size());
        reserve(c, added - replaced);
        if (da != null) {
            c.space.files.deleteTree(dest);
            c.space.props.delete(dest);
            locks.removeTree(c.space.id, dest);
        }
        if (move) {
            c.space.files.move(c.path, dest);
            c.space.props.copy(c.path, dest, true, true);
            locks.removeTree(c.space.id, c.path);
        } else {
            c.space.files.copy(c.path, dest, infinite);
            c.space.props.copy(c.path, dest, false, infinite);
        }
        return new ApiResponse(da == null ? HttpResponseStatus.CREATED : HttpResponseStatus.NO_CONTENT, null, null);
    }

    private DavPath destination(Ctx c) {
        String d = c.req.header("Destination");
        if (d == null || d.isBlank()) throw new DavException(400, Replies.BAD_DESTINATION);
        String p = pathOf(d.trim());
        if (p == null || !p.startsWith(c.space.base)) throw new DavException(502, Replies.BAD_DESTINATION);
        return DavPath.parse(p.substring(c.space.base.length()));
    }

    /** The path part of an absolute URI or absolute path, or null. */
    static String pathOf(String uri) {
        if (uri.startsWith("/")) return uri;
        int scheme = uri.indexOf("://");
        if (scheme < 0) return null;
        int slash = uri.indexOf('/', scheme + 3);
        return slash < 0 ? "/" : uri.substring(slash);
    }

    // ---------------------------------------------------------------- locks (RFC 4918 §9.10, §9.11)

    ApiResponse lock(Ctx c) throws IOException {
        long timeout = Locks.parseTimeout(c.req.header("Timeout"));
        if (c.req.body().length == 0) {
            // refresh (§9.10.2): the If header names the lock
            String ifh = c.req.header("If");
            if (ifh == null) throw new DavException(400, "a LOCK without body must carry an If header with the lock token");
            for (String t : IfHeader.parse(ifh).tokens()) {
                Locks.Lock l = locks.get(t);
                if (l != null && l.space().equals(c.space.id) && l.covers(c.path)) {
                    Locks.Lock r = locks.refresh(t, timeout);
                    return xml(HttpResponseStatus.OK, "<D:prop" + DavXml.NS_DECL + "><D:lockdiscovery>"
                            + FileProps.activeLock(r, c.space.base) + "</D:lockdiscovery></D:prop>");
                }
            }
            throw new DavException(412, Replies.NO_LOCK, "<D:lock-token-matches-request-uri/>");
        }
        Document d = DavXml.parse(c.req.body());
        Element info = d.getDocumentElement();
        if (!DavXml.is(info, DavXml.DAV, "lockinfo")) throw new DavException(400, "expected D:lockinfo");
        Element scope = DavXml.child(info, DavXml.DAV, "lockscope");
        boolean exclusive = scope == null || DavXml.child(scope, DavXml.DAV, "shared") == null;
        Element owner = DavXml.child(info, DavXml.DAV, "owner");
        String depthHeader = c.req.header("Depth");
        boolean infinite = depthHeader == null || depthHeader.equalsIgnoreCase("infinity");
        if (!infinite && !depthHeader.equals("0")) throw new DavException(400, Replies.BAD_DEPTH);
        BasicFileAttributes a = c.space.files.attrs(c.path);
        checkIf(c);
        boolean created = false;
        if (a == null) {
            BasicFileAttributes pa = c.space.files.attrs(c.path.parent());
            if (pa == null || !pa.isDirectory()) throw new DavException(409, Replies.NO_PARENT);
            checkTokens(c, locks.protecting(c.space.id, c.path, true, false));
            c.space.files.write(c.path, new ByteArrayInputStream(new byte[0]), maxUpload);
            created = true;
        }
        Locks.Lock l = locks.lock(c.space.id, c.path, infinite && (a == null || a.isDirectory()), exclusive,
                owner == null ? null : DavXml.serialize(owner), timeout, c.principalId);
        return xml(created ? HttpResponseStatus.CREATED : HttpResponseStatus.OK, "<D:prop" + DavXml.NS_DECL + "><D:lockdiscovery>"
                + FileProps.activeLock(l, c.space.base) + "</D:lockdiscovery></D:prop>").header("Lock-Token", "<" + l.token() + ">");
    }

    ApiResponse unlock(Ctx c) {
        String h = c.req.header("Lock-Token");
        if (h == null) throw new DavException(400, "UNLOCK needs a Lock-Token header");
        String t = h.trim();
        if (t.startsWith("<") && t.endsWith(">")) t = t.substring(1, t.length() - 1);
        Locks.Lock l = locks.get(t);
        if (l == null || !l.space().equals(c.space.id) || !l.covers(c.path)) {
            throw new DavException(409, Replies.NO_LOCK, "<D:lock-token-matches-request-uri/>");
        }
        locks.unlock(t);
        return ApiResponse.noContent();
    }

    /** Accounts for a change of {@code delta} bytes in the space's owner's storage; 507 when it would cross the quota. */
    private void reserve(Ctx c, long delta) {
        try {
            quota.reserve(c.space.quotaOwner, delta);
        } catch (StorageQuota.Exceeded e) {
            throw new DavException(507, e.getMessage(), "<D:quota-not-exceeded/>");
        }
    }

    /** RFC 4331 §3, §4: the owner's quota figures, on collections only. */
    private String quotaProp(String key, Ctx c, BasicFileAttributes a) {
        if (!a.isDirectory()) return null;
        if (key.equals("{DAV:}quota-used-bytes")) return "<D:quota-used-bytes>" + quota.used(c.space.quotaOwner) + "</D:quota-used-bytes>";
        if (!key.equals("{DAV:}quota-available-bytes")) return null;
        long left = quota.available(c.space.quotaOwner);
        if (left < 0) {
            // no per-user limit: what the disk holding the space can still take
            try {
                left = java.nio.file.Files.getFileStore(c.space.files.root()).getUsableSpace();
            } catch (IOException e) {
                return null;
            }
        }
        return "<D:quota-available-bytes>" + left + "</D:quota-available-bytes>";
    }

    /** 412 when an If header is present and false. */
    private IfHeader checkIf(Ctx c) {
        String h = c.req.header("If");
        if (h == null) return null;
        IfHeader ih = IfHeader.parse(h);
        if (!ih.evaluate(resolver(c))) throw new DavException(412, Replies.PRECONDITION);
        return ih;
    }

    /** The If header must hold, and the locks protecting the target must have their tokens submitted (423 otherwise). */
    private void checkWrite(Ctx c, DavPath target, boolean membership, boolean subtree) {
        checkIf(c);
        checkTokens(c, locks.protecting(c.space.id, target, membership, subtree));
    }

    private void checkTokens(Ctx c, List<Locks.Lock> protecting) {
        if (protecting.isEmpty()) return;
        String h = c.req.header("If");
        List<String> submitted = h == null ? List.of() : IfHeader.parse(h).tokens();
        boolean anyShared = false, sharedOk = false;
        for (Locks.Lock l : protecting) {
            boolean given = submitted.contains(l.token()) && l.principalId().equals(c.principalId);
            if (l.exclusive() && !given) throw new DavException(423, Replies.LOCKED, "<D:lock-token-submitted><D:href>"
                    + DavXml.escape(l.path().href(c.space.base, false)) + "</D:href></D:lock-token-submitted>");
            if (!l.exclusive()) {
                anyShared = true;
                sharedOk |= given;
            }
        }
        if (anyShared && !sharedOk) throw new DavException(423, Replies.LOCKED, "<D:lock-token-submitted/>");
    }

    private IfHeader.Resolver resolver(Ctx c) {
        return new IfHeader.Resolver() {
            DavPath target(String tag) {
                if (tag == null) return c.path;
                String p = pathOf(tag);
                if (p == null || !p.startsWith(c.space.base)) return null;
                return DavPath.parse(p.substring(c.space.base.length()));
            }

            @Override
            public String etag(String tag) {
                DavPath p = target(tag);
                BasicFileAttributes a = p == null ? null : c.space.files.attrs(p);
                return a == null || a.isDirectory() ? null : FileSpace.etag(a);
            }

            @Override
            public boolean lockedBy(String tag, String token) {
                DavPath p = target(tag);
                Locks.Lock l = locks.get(token);
                return p != null && l != null && l.space().equals(c.space.id) && l.covers(p);
            }
        };
    }

    static int depth(ApiRequest req, int dflt) {
        String d = req.header("Depth");
        if (d == null) return dflt == 1 ? Integer.MAX_VALUE : dflt;
        return switch (d.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "0" -> 0;
            case "1" -> 1;
            case "infinity" -> Integer.MAX_VALUE;
            default -> throw new DavException(400, Replies.BAD_DEPTH);
        };
    }

    static ApiResponse xml(HttpResponseStatus st, String body) {
        return new ApiResponse(st, Multistatus.XML_TYPE, ("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" + body).getBytes(StandardCharsets.UTF_8));
    }

    static Map<String, String> orderedMap() {
        return new LinkedHashMap<>();
    }
}

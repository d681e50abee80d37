package io.switchboard.dav;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.switchboard.Module;
import io.switchboard.Server;
import io.switchboard.auth.Principal;
import io.switchboard.config.ConfigKeys;
import io.switchboard.entity.EntitySchema;
import io.switchboard.http.ApiException;
import io.switchboard.http.ApiRequest;
import io.switchboard.http.ApiResponse;
import io.switchboard.http.RouteHandler;
import io.switchboard.http.Router;
import io.switchboard.site.Site;
import io.switchboard.site.SiteAccess;
import io.switchboard.site.SiteDirectory;
import io.switchboard.site.SitePathException;
import io.switchboard.site.Sites;
import io.switchboard.store.StorageQuota;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * WebDAV file share at /dav/, CalDAV at /caldav/, CardDAV at /carddav/ and the /.well-known/
 * redirects, all gated by the hot key caldav.enable (404 while false) and HTTP Basic auth.
 */
public final class DavModule implements Module {
    static final String DAV_HEADER = "1, 2, 3, calendar-access, addressbook, extended-mkcol, sync-collection";
    static final String DAV_BASE = "/dav/";
    static final String HOME_BASE = "/dav/home/";
    static final String SITES_BASE = "/dav/sites/";
    static final String CALDAV_BASE = "/caldav/";
    static final String CARDDAV_BASE = "/carddav/";
    static final List<String> METHODS = List.of("OPTIONS", "GET", "PUT", "DELETE", "MKCOL", "PROPFIND", "PROPPATCH", "COPY",
            "MOVE", "LOCK", "UNLOCK", "REPORT", "MKCALENDAR", "POST");

    private Server server;
    private Path davRoot;
    private Locks locks;
    private StorageQuota quota;
    private FileSpaceHandler files;
    private final Map<String, FileSpaceHandler.Space> spaces = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return "dav";
    }

    @Override
    public List<EntitySchema> builtinTables() {
        return DavTables.all();
    }

    @Override
    public void start(Server server) throws Exception {
        this.server = server;
        this.davRoot = server.dataDir().resolve("dav");
        this.locks = new Locks(new LockStore(server.database()));
        this.quota = Sites.registerQuota(server);
        quota.addSource("dav.home", owner -> List.of(davRoot.resolve("home").resolve(owner)));
        this.files = new FileSpaceHandler(locks, quota, () -> server.config().getLong(ConfigKeys.DAV_MAX_UPLOAD));
        CollectionStore calStore = new CollectionStore(server, CollectionStore.Kind.CALENDAR);
        CollectionStore bookStore = new CollectionStore(server, CollectionStore.Kind.ADDRESSBOOK);
        calStore.init();
        bookStore.init();
        CollectionDav calendars = new CollectionDav(calStore, CALDAV_BASE, CARDDAV_BASE, new Scheduling(calStore, server.database(), CALDAV_BASE));
        CollectionDav addressbooks = new CollectionDav(bookStore, CALDAV_BASE, CARDDAV_BASE, null);
        // PUT bodies under /dav/ are streamed to disk, never aggregated whole (dav.max_upload, config.md)
        Path uploads = davRoot.resolve(".uploads");
        cleanUploads(uploads);
        server.http().streamedUploads().add("PUT", DAV_BASE, () -> server.config().getLong(ConfigKeys.DAV_MAX_UPLOAD), uploads);
        Router r = server.http().router();
        for (String m : METHODS) {
            HttpMethod hm = HttpMethod.valueOf(m);
            r.add(hm, "/dav/{path*}", Router.Mode.BLOCKING, gated(this::dav));
            r.add(hm, "/caldav/{path*}", Router.Mode.BLOCKING, gated(req -> calendars.handle(req, user(req), req.pathParam("path"))));
            r.add(hm, "/carddav/{path*}", Router.Mode.BLOCKING, gated(req -> addressbooks.handle(req, user(req), req.pathParam("path"))));
            r.add(hm, "/.well-known/caldav", Router.Mode.BLOCKING, gated(req -> redirect(CALDAV_BASE)));
            r.add(hm, "/.well-known/carddav", Router.Mode.BLOCKING, gated(req -> redirect(CARDDAV_BASE)));
        }
    }

    private static void cleanUploads(Path dir) throws IOException {
        if (!java.nio.file.Files.isDirectory(dir)) return;
        try (var s = java.nio.file.Files.list(dir)) {
            for (Path p : s.toList()) java.nio.file.Files.deleteIfExists(p);
        }
    }

    private static ApiResponse redirect(String to) {
        return new ApiResponse(HttpResponseStatus.MOVED_PERMANENTLY, null, null).header("Location", to);
    }

    /** 404 while caldav.enable is false; DAV errors as status + XML error body; 401 with a Basic challenge. */
    private RouteHandler gated(RouteHandler h) {
        return req -> {
            if (!server.config().getBoolean(ConfigKeys.CALDAV_ENABLE)) {
                return ApiResponse.text(HttpResponseStatus.NOT_FOUND, "text/plain; charset=utf-8", Replies.DISABLED);
            }
            try {
                return h.handle(req);
            } catch (DavException e) {
                return error(e);
            } catch (ApiException e) {
                if (e.status().code() == 401) return unauthorized(e.getMessage());
                throw e;
            }
        };
    }

    static ApiResponse error(DavException e) {
        if (e.condition() == null) {
            return ApiResponse.text(HttpResponseStatus.valueOf(e.status()), "text/plain; charset=utf-8", e.getMessage());
        }
        String body = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<D:error" + DavXml.NS_DECL + ">" + e.condition()
                + "<D:responsedescription>" + DavXml.escape(e.getMessage()) + "</D:responsedescription></D:error>";
        return new ApiResponse(HttpResponseStatus.valueOf(e.status()), Multistatus.XML_TYPE, body.getBytes(StandardCharsets.UTF_8));
    }

    static ApiResponse unauthorized(String why) {
        return ApiResponse.text(HttpResponseStatus.UNAUTHORIZED, "text/plain; charset=utf-8", why).header("WWW-Authenticate", Replies.REALM);
    }

    /** The signed-in user; guests get 401 with the Basic challenge (via ApiException 401). */
    static Principal user(ApiRequest req) {
        Principal p = req.principal();
        if (p.isGuest()) throw new ApiException(HttpResponseStatus.UNAUTHORIZED, Replies.SIGN_IN);
        return p;
    }

    private ApiResponse dav(ApiRequest req) throws Exception {
        Principal p = user(req);
        // a fragment has no business in a Request-URI: refuse rather than act on the truncated path
        if (req.uri().indexOf('#') >= 0) throw new DavException(400, Replies.BAD_PATH);
        String rest = req.pathParam("path");
        if (rest == null) rest = "";
        if (rest.isEmpty() || rest.equals("/")) return davRoot(req, p);
        int slash = rest.indexOf('/');
        String first = slash < 0 ? rest : rest.substring(0, slash);
        if (first.equals("home")) {
            if (slash < 0 && !req.method().name().equals("OPTIONS") && !req.method().name().equals("PROPFIND")) {
                return new ApiResponse(HttpResponseStatus.MOVED_PERMANENTLY, null, null).header("Location", HOME_BASE);
            }
            DavPath path = DavPath.parse(slash < 0 ? "" : rest.substring(slash + 1));
            FileSpaceHandler.Space space = space(p.userId());
            return files.handle(req, p.userId(), space, path);
        }
        if (first.equals("sites")) return site(req, p, slash < 0 ? "" : rest.substring(slash + 1));
        throw new DavException(404, Replies.NOT_FOUND);
    }

    /** Methods that change a site's files: they need the site's WRITE access (CREATE on its row). */
    private static final java.util.Set<String> SITE_WRITES = java.util.Set.of("PUT", "DELETE", "MKCOL", "PROPPATCH", "COPY", "MOVE",
            "LOCK", "UNLOCK");

    /**
     * /dav/sites/ lists the sites the user may read; /dav/sites/{hostname}/ is that site's storage
     * (the folder FTP serves), read with the site's READ access and changed with WRITE.
     */
    private ApiResponse site(ApiRequest req, Principal p, String rest) throws Exception {
        SiteDirectory dir = Sites.directory(server);
        int slash = rest.indexOf('/');
        String hostname = slash < 0 ? rest : rest.substring(0, slash);
        if (hostname.isEmpty()) return sitesRoot(req, p, dir);
        Site site = dir.find(p, DavPath.decode(hostname), SiteAccess.READ).orElseThrow(() -> new DavException(404, Replies.NOT_FOUND));
        if (slash < 0 && !req.method().name().equals("OPTIONS") && !req.method().name().equals("PROPFIND")) {
            return new ApiResponse(HttpResponseStatus.MOVED_PERMANENTLY, null, null).header("Location", SITES_BASE + hostname + "/");
        }
        String m = req.method().name();
        if (SITE_WRITES.contains(m) && !SiteDirectory.allows(p, site, SiteAccess.WRITE)) {
            throw new DavException(403, "no write access to this site", "<D:need-privileges/>");
        }
        DavPath path = DavPath.parse(slash < 0 ? "" : rest.substring(slash + 1));
        try {
            // the site's own check too: no segment or symlink may lead out of its root
            SiteDirectory.resolve(site, path.segments());
        } catch (SitePathException e) {
            throw new DavException(403, Replies.BAD_PATH);
        }
        String base = SITES_BASE + DavPath.encode(site.hostname()) + "/";
        // a site's files count against the quota of the site's owner (the same account FTP charges)
        FileSpaceHandler.Space space = new FileSpaceHandler.Space("site:" + site.hostname(), new FileSpace(site.root()),
                siteProps(site.hostname()), base, site.owner());
        return files.handle(req, p.userId(), space, path);
    }

    private final Map<String, DeadProps> siteProps = new ConcurrentHashMap<>();

    private DeadProps siteProps(String hostname) throws IOException {
        synchronized (siteProps) {
            DeadProps d = siteProps.get(hostname);
            if (d == null) {
                d = new DeadProps(davRoot.resolve("props").resolve("site-" + hostname + ".json"));
                siteProps.put(hostname, d);
            }
            return d;
        }
    }

    /** A listing-only folder (/dav/, /dav/sites/) answers PROPFIND of depth 0 or 1 and nothing else. */
    private static int listingDepth(ApiRequest req) {
        if (!req.method().name().equals("PROPFIND")) throw new DavException(405, Replies.FORBIDDEN);
        int depth = Depth.ofPropfind(req);
        PropRequest.parse(req.body());
        return depth;
    }

    private ApiResponse sitesRoot(ApiRequest req, Principal p, SiteDirectory dir) throws Exception {
        if (req.method().name().equals("OPTIONS")) return DavResponses.options(DAV_HEADER, "OPTIONS, PROPFIND");
        int depth = listingDepth(req);
        Multistatus ms = new Multistatus();
        Map<Integer, List<String>> props = Multistatus.grouped();
        props.put(200, List.of("<D:resourcetype><D:collection/></D:resourcetype>"));
        ms.response(SITES_BASE, props);
        if (depth == 1) {
            for (Site s : dir.visible(p, SiteAccess.READ)) {
                Map<Integer, List<String>> sp = Multistatus.grouped();
                sp.put(200, List.of("<D:resourcetype><D:collection/></D:resourcetype>",
                        "<D:displayname>" + DavXml.escape(s.name() == null ? s.hostname() : s.name()) + "</D:displayname>"));
                ms.response(SITES_BASE + DavPath.encode(s.hostname()) + "/", sp);
            }
        }
        return ms.toResponse();
    }

    private ApiResponse davRoot(ApiRequest req, Principal p) {
        if (req.method().name().equals("OPTIONS")) return DavResponses.options(DAV_HEADER, "OPTIONS, PROPFIND");
        int depth = listingDepth(req);
        Multistatus ms = new Multistatus();
        Map<Integer, List<String>> props = Multistatus.grouped();
        props.put(200, List.of("<D:resourcetype><D:collection/></D:resourcetype>"));
        ms.response(DAV_BASE, props);
        if (depth == 1) {
            ms.response(HOME_BASE, props);
            ms.response(SITES_BASE, props);
        }
        return ms.toResponse();
    }

    private FileSpaceHandler.Space space(String userId) throws IOException {
        FileSpaceHandler.Space s = spaces.get(userId);
        if (s != null) return s;
        synchronized (spaces) {
            s = spaces.get(userId);
            if (s == null) {
                s = new FileSpaceHandler.Space(userId, new FileSpace(davRoot.resolve("home").resolve(userId)),
                        new DeadProps(davRoot.resolve("props").resolve(userId + ".json")), HOME_BASE, userId);
                spaces.put(userId, s);
            }
            return s;
        }
    }
}

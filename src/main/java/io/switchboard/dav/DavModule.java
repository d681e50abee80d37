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
    static final String CALDAV_BASE = "/caldav/";
    static final String CARDDAV_BASE = "/carddav/";
    static final List<String> METHODS = List.of("OPTIONS", "GET", "PUT", "DELETE", "MKCOL", "PROPFIND", "PROPPATCH", "COPY",
            "MOVE", "LOCK", "UNLOCK", "REPORT", "MKCALENDAR", "POST");

    private Server server;
    private Path davRoot;
    private final Locks locks = new Locks();
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
        CollectionStore calStore = new CollectionStore(server, CollectionStore.Kind.CALENDAR);
        CollectionStore bookStore = new CollectionStore(server, CollectionStore.Kind.ADDRESSBOOK);
        calStore.init();
        bookStore.init();
        CollectionDav calendars = new CollectionDav(calStore, CALDAV_BASE, CARDDAV_BASE);
        CollectionDav addressbooks = new CollectionDav(bookStore, CALDAV_BASE, CARDDAV_BASE);
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

    private ApiResponse dav(ApiRequest req) throws IOException {
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
            return new FileSpaceHandler(locks, server.config().getLong(ConfigKeys.DAV_MAX_UPLOAD))
                    .handle(new FileSpaceHandler.Ctx(req, p.userId(), space, path));
        }
        // /dav/sites/{hostname}/ waits for the site storage of the FTP issue (io.switchboard.site)
        throw new DavException(404, Replies.NOT_FOUND);
    }

    private ApiResponse davRoot(ApiRequest req, Principal p) {
        String m = req.method().name();
        if (m.equals("OPTIONS")) {
            return new ApiResponse(HttpResponseStatus.OK, null, null).header("DAV", DAV_HEADER).header("Allow", "OPTIONS, PROPFIND");
        }
        if (!m.equals("PROPFIND")) throw new DavException(405, Replies.FORBIDDEN);
        int depth = FileSpaceHandler.depth(req, 1);
        if (depth > 1) throw new DavException(403, Replies.DEPTH_INFINITY, "<D:propfind-finite-depth/>");
        PropRequest.parse(req.body());
        Multistatus ms = new Multistatus();
        Map<Integer, List<String>> props = Multistatus.grouped();
        props.put(200, List.of("<D:resourcetype><D:collection/></D:resourcetype>"));
        ms.response(DAV_BASE, props);
        if (depth == 1) ms.response(HOME_BASE, props);
        return ms.toResponse();
    }

    private FileSpaceHandler.Space space(String userId) throws IOException {
        FileSpaceHandler.Space s = spaces.get(userId);
        if (s != null) return s;
        synchronized (spaces) {
            s = spaces.get(userId);
            if (s == null) {
                s = new FileSpaceHandler.Space(userId, new FileSpace(davRoot.resolve("home").resolve(userId)),
                        new DeadProps(davRoot.resolve("props").resolve(userId + ".json")), HOME_BASE);
                spaces.put(userId, s);
            }
            return s;
        }
    }
}

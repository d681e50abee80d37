package io.switchboard.console;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.switchboard.Module;
import io.switchboard.Server;
import io.switchboard.http.ApiRequest;
import io.switchboard.http.ApiResponse;
import io.switchboard.http.Router;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * The web console: a single-page app built from {@code console/} (Vite) into the jar's
 * {@code console/} resources and served here.
 * <ul>
 *   <li>{@code GET /} and {@code GET /index.html}: the page, revalidated on every load
 *       ({@code Cache-Control: no-cache} + ETag);</li>
 *   <li>{@code GET /assets/{file}}: Vite's content-hashed files, cached for a year as immutable;</li>
 *   <li>{@code GET /console/{path*}}: deep links of the app; a file of the folder if one has that
 *       name, otherwise the page (the usual single-page-app fallback).</li>
 * </ul>
 * Nothing else is claimed, so unknown paths keep their JSON 404 from the router.
 * Conditional requests follow RFC 9110 section 13.1.2 (If-None-Match → 304).
 */
public final class ConsoleModule implements Module {
    private static final Logger log = LoggerFactory.getLogger(ConsoleModule.class);
    static final String RESOURCE_ROOT = "console";
    static final String INDEX = "index.html";
    /** The page may only load what this server serves: no CDN, no inline script. */
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self' ws: wss:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

    private ConsoleAssets assets;

    @Override
    public String name() {
        return "console";
    }

    @Override
    public void start(Server server) throws java.io.IOException {
        assets = new ConsoleAssets(RESOURCE_ROOT, ConsoleModule.class.getClassLoader());
        if (assets.find(INDEX).isEmpty()) log.warn("the web console is not in this build (no console/index.html): / explains how to build it");
        Router r = server.http().router();
        r.add(HttpMethod.GET, "/", Router.Mode.EVENT_LOOP, this::index);
        r.add(HttpMethod.GET, "/index.html", Router.Mode.EVENT_LOOP, this::index);
        r.add(HttpMethod.GET, "/assets/{file*}", Router.Mode.EVENT_LOOP, req -> asset(req, "assets/" + req.pathParam("file")));
        r.add(HttpMethod.GET, "/console/{path*}", Router.Mode.EVENT_LOOP, this::deepLink);
    }

    private ApiResponse index(ApiRequest req) {
        Optional<ConsoleAssets.Asset> page = assets.find(INDEX);
        if (page.isEmpty()) return ConsoleReplies.notBuilt();
        return send(req, page.get(), "no-cache");
    }

    private ApiResponse asset(ApiRequest req, String path) {
        Optional<ConsoleAssets.Asset> a = assets.find(path);
        if (a.isEmpty()) return ConsoleReplies.noSuchFile(path);
        return send(req, a.get(), "public, max-age=31536000, immutable");
    }

    private ApiResponse deepLink(ApiRequest req) {
        String path = req.pathParam("path");
        if (!path.isEmpty() && !path.endsWith("/")) {
            Optional<ConsoleAssets.Asset> a = assets.find(path);
            if (a.isPresent()) return send(req, a.get(), "no-cache");
        }
        return index(req);
    }

    private static ApiResponse send(ApiRequest req, ConsoleAssets.Asset a, String cacheControl) {
        ApiResponse r = matches(req.header("If-None-Match"), a.etag())
                ? new ApiResponse(HttpResponseStatus.NOT_MODIFIED, null, null)
                : new ApiResponse(HttpResponseStatus.OK, a.contentType(), a.body());
        r.header("ETag", a.etag()).header("Cache-Control", cacheControl).header("X-Content-Type-Options", "nosniff");
        if (a.contentType().startsWith("text/html")) {
            r.header("Content-Security-Policy", CSP).header("X-Frame-Options", "DENY").header("Referrer-Policy", "no-referrer");
        }
        return r;
    }

    /** RFC 9110 section 13.1.2: weak comparison, a list of tags or {@code *}. */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) return false;
        for (String t : ifNoneMatch.split(",")) {
            String tag = t.trim();
            if (tag.startsWith("W/")) tag = tag.substring(2);
            if (tag.equals("*") || tag.equals(etag)) return true;
        }
        return false;
    }
}

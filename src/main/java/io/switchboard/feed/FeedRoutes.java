package io.switchboard.feed;

import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.concurrent.EventExecutor;
import io.switchboard.auth.Principal;
import io.switchboard.config.Config;
import io.switchboard.config.ConfigKeys;
import io.switchboard.entity.EntityException;
import io.switchboard.entity.EntityRow;
import io.switchboard.entity.EntityStore;
import io.switchboard.http.ApiException;
import io.switchboard.http.ApiRequest;
import io.switchboard.http.ApiResponse;
import io.switchboard.http.Router;

import java.security.MessageDigest;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@code GET /feed/{name}.rss|.atom|.json[?page=N]}. Cached pages of public feeds are answered on
 * the event loop (no credentials, definition and bytes in memory); everything else, including
 * credentials (Bearer, ?token=, cookie or HTTP Basic, config.md), runs on the blocking executor.
 * Validators: a strong ETag over the bytes and Last-Modified, with 304 answers (RFC 9110
 * section 13.1.2 and 13.1.3: If-None-Match wins over If-Modified-Since).
 */
final class FeedRoutes {
    static final int MAX_PAGE = 10_000;
    static final String PATH = "/feed/{file}";

    private final EntityStore store;
    private final Config config;
    private final FeedCache cache;
    private final FeedGenerator generator;
    private final EventLoopGroup loops;

    FeedRoutes(EntityStore store, Config config, FeedCache cache, EventLoopGroup loops) {
        this.store = store;
        this.config = config;
        this.cache = cache;
        this.generator = new FeedGenerator(store);
        this.loops = loops;
    }

    void register(Router router) {
        router.add(HttpMethod.GET, PATH, Router.Mode.EVENT_LOOP_FIRST, this::serve);
    }

    /** What the URL asks for. */
    record Target(String name, FeedFormat format, int page) {
    }

    ApiResponse serve(ApiRequest req) throws Exception {
        Target t = target(req);
        if (onEventLoop()) return fromMemory(req, t);
        Principal who = principal(req);
        FeedDefinition def = definition(t.name());
        check(def, t, who);
        FeedCache.Key key = new FeedCache.Key(def.table(), def.name(), t.format(), t.page(), FeedCache.view(who));
        FeedCache.Body body = cache.get(key);
        if (body == null) body = generate(key, def, who);
        return respond(req, body);
    }

    /** The cached answer when it needs no blocking work, else null (the router retries off the loop). */
    private ApiResponse fromMemory(ApiRequest req, Target t) {
        if (hasCredentials(req)) return null;
        FeedDefinition def = cache.definition(t.name());
        if (def == null) return null;
        check(def, t, Principal.GUEST);
        FeedCache.Body body = cache.get(new FeedCache.Key(def.table(), def.name(), t.format(), t.page(), FeedCache.view(Principal.GUEST)));
        if (body == null) return null;
        cache.countEventLoopAnswer();
        return respond(req, body);
    }

    static Target target(ApiRequest req) {
        String file = req.pathParam("file");
        int dot = file.lastIndexOf('.');
        FeedFormat format = dot > 0 ? FeedFormat.ofExtension(file.substring(dot + 1)) : null;
        if (format == null) throw ApiException.notFound(FeedReplies.UNKNOWN_FORMAT + file);
        String name = file.substring(0, dot);
        if (!FeedDefinition.VALID_NAME.matcher(name).matches()) throw ApiException.notFound(FeedReplies.UNKNOWN_FEED + name);
        String p = req.queryParam("page");
        int page = 1;
        if (p != null) {
            try {
                page = Integer.parseInt(p.trim());
            } catch (NumberFormatException e) {
                page = -1;
            }
            if (page < 1 || page > MAX_PAGE) throw ApiException.badRequest(FeedReplies.BAD_PAGE);
        }
        return new Target(name, format, page);
    }

    /** Whether Authenticator would look at credentials (otherwise the caller is the guest). */
    private static boolean hasCredentials(ApiRequest req) {
        String auth = req.header(HttpHeaderNames.AUTHORIZATION);
        if (auth != null && !auth.isBlank()) return true;
        String token = req.queryParam("token");
        if (token != null && !token.isEmpty()) return true;
        String cookie = req.header(HttpHeaderNames.COOKIE);
        return cookie != null && cookie.contains("token");
    }

    private boolean onEventLoop() {
        for (EventExecutor e : loops) if (e.inEventLoop()) return true;
        return false;
    }

    /** The caller; invalid credentials are 401 with the Basic challenge feed readers understand. */
    private static Principal principal(ApiRequest req) {
        try {
            return req.principal();
        } catch (ApiException e) {
            if (e.status().code() == 401) throw unauthorized(e.getMessage());
            throw e;
        }
    }

    private static ApiException unauthorized(String detail) {
        return new ApiException(HttpResponseStatus.UNAUTHORIZED, detail, Map.of("WWW-Authenticate", FeedReplies.BASIC_CHALLENGE));
    }

    /** 404 for disabled feeds and formats, 401 (Basic) for guests, 404 for signed-in callers who may not read it. */
    private static void check(FeedDefinition def, Target t, Principal who) {
        if (!def.enabled()) throw ApiException.notFound(FeedReplies.FEED_DISABLED + def.name());
        if (!def.serves(t.format())) throw ApiException.notFound(FeedReplies.FORMAT_DISABLED + t.format().extension());
        if (!def.readableBy(who)) {
            if (who.isGuest()) throw unauthorized(FeedReplies.SIGN_IN);
            throw ApiException.notFound(FeedReplies.UNKNOWN_FEED + def.name());
        }
    }

    /** The feed row by name: from the cache, else one lookup (as the system; access is checked by {@link #check}). */
    private FeedDefinition definition(String name) throws SQLException {
        FeedDefinition def = cache.definition(name);
        if (def != null) return def;
        long global = cache.globalEpoch();
        String id = store.database().withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT \"reference_id\" FROM \"" + FeedTable.NAME + "\" WHERE \""
                    + FeedTable.FEED_NAME + "\" = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
        EntityRow row = id == null ? null : store.getAsSystem(FeedTable.NAME, id);
        if (row == null) throw ApiException.notFound(FeedReplies.UNKNOWN_FEED + name);
        def = FeedDefinition.from(row);
        cache.putDefinition(def, global);
        return def;
    }

    /** Generates a page once even when many callers miss at the same time. */
    private FeedCache.Body generate(FeedCache.Key key, FeedDefinition def, Principal who) throws Exception {
        boolean[] mine = new boolean[1];
        CompletableFuture<FeedCache.Body> f = cache.claim(key, mine);
        if (!mine[0]) {
            try {
                return f.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof Exception ex ? ex : e;
            }
        }
        long started = System.nanoTime();
        try {
            FeedCache.Stamp stamp = cache.stamp(key.table());
            FeedPage page;
            try {
                page = generator.page(def, who, key.page(), FeedLinks.base(config.get(ConfigKeys.PUBLIC_URL)), cache.lastChange(def.table()));
            } catch (EntityException e) {
                if (e.status() == 401) throw unauthorized(FeedReplies.SIGN_IN);
                throw e;
            }
            byte[] bytes = FeedWriter.of(key.format()).write(page);
            FeedCache.Body body = new FeedCache.Body(bytes, key.format().contentType(), etag(bytes),
                    page.updated().truncatedTo(ChronoUnit.SECONDS), who.isGuest());
            cache.put(key, body, stamp);
            f.complete(body);
            return body;
        } catch (Exception | Error e) {
            f.completeExceptionally(e);
            throw e;
        } finally {
            cache.generated(key, f, System.nanoTime() - started);
        }
    }

    static String etag(byte[] bytes) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(d).substring(0, 27) + "\"";
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ApiResponse respond(ApiRequest req, FeedCache.Body body) {
        ApiResponse r = notModified(req, body)
                ? new ApiResponse(HttpResponseStatus.NOT_MODIFIED, null, null)
                : new ApiResponse(HttpResponseStatus.OK, body.contentType(), body.bytes());
        // feeds change without notice to clients: let them keep a copy, but revalidate every time
        return r.header("ETag", body.etag())
                .header("Last-Modified", body.lastModifiedHeader())
                .header("Cache-Control", (body.guestView() ? "public" : "private") + ", no-cache")
                .header("Vary", "Authorization, Cookie");
    }

    private static boolean notModified(ApiRequest req, FeedCache.Body body) {
        String inm = req.header(HttpHeaderNames.IF_NONE_MATCH);
        if (inm != null) {
            for (String tag : inm.split(",")) {
                String t = tag.trim();
                if (t.startsWith("W/")) t = t.substring(2); // weak comparison (RFC 9110 section 8.8.3.2)
                if (t.equals("*") || t.equals(body.etag())) return true;
            }
            return false;
        }
        String ims = req.header(HttpHeaderNames.IF_MODIFIED_SINCE);
        if (ims == null) return false;
        try {
            Instant since = ZonedDateTime.parse(ims.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return !body.lastModified().isAfter(since);
        } catch (DateTimeParseException e) {
            return false; // an invalid date is ignored (RFC 9110 section 13.1.3)
        }
    }
}

package io.switchboard.http;

import io.switchboard.config.Config;
import io.switchboard.net.BlockingExecutor;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** What every HTTP connection's handlers share: routes, auth, limits, the blocking executor. */
public final class HttpContext {
    private final Config config;
    private final Router router = new Router();
    private final Authenticator authenticator;
    private final RateLimiter rateLimiter;
    private final BlockingExecutor blocking;
    private final RequestStats requestStats = new RequestStats();
    private final List<WebSocketRoute> webSocketRoutes = new CopyOnWriteArrayList<>();
    private final StreamedUploads streamedUploads = new StreamedUploads();
    private volatile boolean draining;

    public HttpContext(Config config, Authenticator authenticator, BlockingExecutor blocking) {
        this.config = config;
        this.authenticator = authenticator;
        this.rateLimiter = new RateLimiter(config);
        this.blocking = blocking;
    }

    public Config config() {
        return config;
    }

    public Router router() {
        return router;
    }

    public Authenticator authenticator() {
        return authenticator;
    }

    public RateLimiter rateLimiter() {
        return rateLimiter;
    }

    public BlockingExecutor blocking() {
        return blocking;
    }

    public RequestStats requestStats() {
        return requestStats;
    }

    public List<WebSocketRoute> webSocketRoutes() {
        return webSocketRoutes;
    }

    public void addWebSocketRoute(WebSocketRoute route) {
        webSocketRoutes.add(route);
    }

    /** Request bodies streamed to disk instead of aggregated (DAV uploads). */
    public StreamedUploads streamedUploads() {
        return streamedUploads;
    }

    /** Once set, responses carry "Connection: close" so clients move to another node. */
    public void startDraining() {
        draining = true;
    }

    public boolean draining() {
        return draining;
    }
}

package io.switchboard.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import io.switchboard.entity.EntityException;
import io.switchboard.net.BlockingExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The last handler of the HTTP pipeline: answers pipelined requests strictly in order (one in
 * flight per connection, the rest queued), applies CORS and rate limits, routes, runs blocking
 * handlers off the event loop, maps every failure to a JSON error, and writes one access-log line
 * per request.
 */
final class HttpDispatcher extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(HttpDispatcher.class);
    private static final Logger access = LoggerFactory.getLogger("access");
    /** Queued pipelined requests before we stop reading from the socket. */
    private static final int MAX_QUEUED = 16;

    private final HttpContext http;
    private final ArrayDeque<FullHttpRequest> queued = new ArrayDeque<>();
    private boolean inFlight;

    HttpDispatcher(HttpContext http) {
        this.http = http;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest req)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (inFlight) {
            queued.add(req);
            if (queued.size() >= MAX_QUEUED) ctx.channel().config().setAutoRead(false);
            return;
        }
        process(ctx, req);
    }

    private void process(ChannelHandlerContext ctx, FullHttpRequest req) {
        inFlight = true;
        long started = System.nanoTime();
        String requestId = requestId(req);
        String ip = clientIp(ctx);
        ApiRequest api = new ApiRequest(req, ip, requestId, http.authenticator());
        DecoderResult dr = req.decoderResult();
        if (dr.isFailure()) {
            Throwable cause = dr.cause();
            HttpResponseStatus st = cause instanceof TooLongHttpLineException ? HttpResponseStatus.REQUEST_URI_TOO_LONG
                    : cause instanceof TooLongHttpHeaderException ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
                    : cause instanceof TooLongFrameException ? HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE
                    : HttpResponseStatus.BAD_REQUEST;
            finish(ctx, req, api, JsonErrors.response(st, "malformed HTTP request"), started, true);
            return;
        }
        try {
            if (isWebSocketUpgrade(req)) {
                for (WebSocketRoute ws : http.webSocketRoutes()) {
                    if (ws.matches(api.path())) {
                        http.requestStats().record(101);
                        access.info("{} {} {} 101 - {}", ip, req.method(), safeUri(req), requestId);
                        try {
                            ws.upgrade(ctx, req, api);
                        } finally {
                            req.release();
                        }
                        inFlight = false;
                        return;
                    }
                }
            }
            ApiResponse cors = Cors.preflight(http.config(), api);
            if (cors != null) {
                finish(ctx, req, api, cors, started, false);
                return;
            }
            Router.Match m = http.router().match(req.method(), api.path());
            if (!m.found()) {
                ApiResponse r = m.allowedMethods().isEmpty()
                        ? JsonErrors.response(HttpResponseStatus.NOT_FOUND, "no route for " + api.path())
                        : JsonErrors.response(HttpResponseStatus.METHOD_NOT_ALLOWED, req.method() + " is not allowed here")
                        .header("Allow", String.join(", ", m.allowedMethods()));
                finish(ctx, req, api, r, started, false);
                return;
            }
            api.pathParams(m.params());
            RateLimiter.Decision rl = null;
            if (http.rateLimiter().enabled()) {
                rl = http.rateLimiter().check(ip, m.route().method().name() + " " + m.route().path().text());
                if (!rl.allowed()) {
                    ApiResponse r = JsonErrors.response(HttpResponseStatus.TOO_MANY_REQUESTS, "rate limit exceeded").header("Retry-After", "1");
                    finish(ctx, req, api, withRateHeaders(r, rl), started, false);
                    return;
                }
            }
            final RateLimiter.Decision decision = rl;
            RouteHandler handler = m.route().handler();
            ApiResponse fast = m.route().mode() == Router.Mode.BLOCKING ? null : run(handler, api);
            if (fast != null || m.route().mode() == Router.Mode.EVENT_LOOP) {
                finish(ctx, req, api, withRateHeaders(fast, decision), started, false);
            } else {
                http.blocking().submit(() -> run(handler, api)).whenComplete((resp, err) -> ctx.executor().execute(() -> {
                    ApiResponse r = err == null ? resp : errorResponse(unwrap(err), api);
                    finish(ctx, req, api, withRateHeaders(r, decision), started, false);
                }));
            }
        } catch (RuntimeException e) {
            finish(ctx, req, api, errorResponse(e, api), started, false);
        }
    }

    private static ApiResponse run(RouteHandler handler, ApiRequest api) {
        try {
            return handler.handle(api);
        } catch (Exception e) {
            return errorResponse(e, api);
        }
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    static ApiResponse errorResponse(Throwable e, ApiRequest api) {
        if (e instanceof ApiException ae) {
            ApiResponse r = JsonErrors.response(ae.status(), ae.getMessage());
            ae.headers().forEach(r::header);
            return r;
        }
        if (e instanceof EntityException ee) {
            HttpResponseStatus st = HttpResponseStatus.valueOf(ee.status());
            ApiResponse r = JsonErrors.response(st, ee.getMessage());
            if (ee.status() == 401) r.header("WWW-Authenticate", "Bearer realm=\"switchboard\"");
            return r;
        }
        if (e instanceof BlockingExecutor.BusyException) {
            return JsonErrors.response(HttpResponseStatus.SERVICE_UNAVAILABLE, "server busy, try again").header("Retry-After", "1");
        }
        log.error("request {} {} failed [{}]", api.method(), api.path(), api.requestId(), e);
        return JsonErrors.response(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error (request id " + api.requestId() + ")");
    }

    private static ApiResponse withRateHeaders(ApiResponse r, RateLimiter.Decision d) {
        if (d == null) return r;
        return r.header("X-RateLimit-Limit", Long.toString(d.limit()))
                .header("X-RateLimit-Remaining", Long.toString(d.remaining()))
                .header("X-RateLimit-Reset", Long.toString(d.resetEpochSeconds()));
    }

    private void finish(ChannelHandlerContext ctx, FullHttpRequest req, ApiRequest api, ApiResponse r, long started, boolean forceClose) {
        boolean keepAlive = !forceClose && HttpUtil.isKeepAlive(req) && !http.draining();
        boolean head = req.method().equals(HttpMethod.HEAD);
        FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, r.status(),
                head || r.body().length == 0 ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(r.body()));
        HttpHeaders h = resp.headers();
        h.set(HttpHeaderNames.SERVER, "Switchboard");
        h.set("X-Request-Id", api.requestId());
        Cors.addHeaders(http.config(), api, h);
        for (Map.Entry<String, String> e : r.headers().entrySet()) h.set(e.getKey(), e.getValue());
        java.io.RandomAccessFile raf = null;
        if (r.file() != null && !head) {
            try {
                raf = new java.io.RandomAccessFile(r.file().toFile(), "r");
            } catch (java.io.IOException e) {
                // the file went away between the handler and here: answer as if it never existed
                finish(ctx, req, api, JsonErrors.response(HttpResponseStatus.NOT_FOUND, "no such file"), started, forceClose);
                return;
            }
        }
        if (r.status().code() != 204 && r.status().code() != 304) {
            h.set(HttpHeaderNames.CONTENT_LENGTH, r.file() != null ? r.fileLength() : r.body().length);
        }
        if (!keepAlive) h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        else if (req.protocolVersion().equals(HttpVersion.HTTP_1_0)) h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        http.requestStats().record(r.status().code());
        if (access.isInfoEnabled()) {
            access.info("{} {} {} {} {} {}ms {}", api.clientIp(), req.method(), safeUri(req), r.status().code(), r.body().length,
                    (System.nanoTime() - started) / 1_000_000, api.requestId());
        }
        req.release();
        if (!ctx.channel().isActive()) {
            drainQueue();
            return;
        }
        io.netty.channel.ChannelFuture written;
        if (raf != null) {
            // headers, then the file in chunks through the ChunkedWriteHandler (never whole in memory)
            io.netty.handler.codec.http.DefaultHttpResponse headOnly = new io.netty.handler.codec.http.DefaultHttpResponse(
                    HttpVersion.HTTP_1_1, r.status());
            headOnly.headers().set(h);
            ctx.write(headOnly);
            try {
                written = ctx.writeAndFlush(new io.netty.handler.codec.http.HttpChunkedInput(
                        new io.netty.handler.stream.ChunkedFile(raf, r.fileOffset(), r.fileLength(), 65536)));
            } catch (java.io.IOException e) {
                ctx.close();
                drainQueue();
                return;
            }
        } else {
            written = ctx.writeAndFlush(resp);
        }
        written.addListener(keepAlive ? ChannelFutureListener.CLOSE_ON_FAILURE : ChannelFutureListener.CLOSE);
        inFlight = false;
        if (!keepAlive) {
            drainQueue();
            return;
        }
        FullHttpRequest next = queued.poll();
        if (next != null) {
            process(ctx, next);
        } else if (!ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    private void drainQueue() {
        FullHttpRequest q;
        while ((q = queued.poll()) != null) q.release();
        inFlight = false;
    }

    private static boolean isWebSocketUpgrade(FullHttpRequest req) {
        String upgrade = req.headers().get(HttpHeaderNames.UPGRADE);
        return upgrade != null && upgrade.equalsIgnoreCase("websocket") && req.method().equals(HttpMethod.GET);
    }

    /** The URI for logs, with any token in it masked. */
    private static String safeUri(FullHttpRequest req) {
        String uri = req.uri();
        int t = uri.indexOf("token=");
        if (t < 0) return uri;
        int end = uri.indexOf('&', t);
        return uri.substring(0, t + 6) + "***" + (end < 0 ? "" : uri.substring(end));
    }

    private static String requestId(FullHttpRequest req) {
        String given = req.headers().get("X-Request-Id");
        if (given != null && given.length() <= 64 && given.matches("[A-Za-z0-9._\\-]+")) return given;
        return Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    }

    private static String clientIp(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress().getHostAddress() : "unknown";
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent && !inFlight) ctx.close();
        else ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        drainQueue();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof java.io.IOException)) log.debug("http connection error", cause);
        ctx.close();
    }

}

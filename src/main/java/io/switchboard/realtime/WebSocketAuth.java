package io.switchboard.realtime;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.util.concurrent.ScheduledFuture;
import io.switchboard.Json;
import io.switchboard.Server;
import io.switchboard.auth.Principal;
import io.switchboard.auth.TokenService;
import io.switchboard.http.ApiException;
import io.switchboard.http.ApiRequest;
import io.switchboard.http.Authenticator;
import io.switchboard.http.JsonErrors;
import io.switchboard.net.BlockingExecutor;
import io.switchboard.websocket.WebSocketUpgrade;

import java.time.Instant;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * Credentials of a WebSocket handshake (token in the URL, Bearer header or cookie), checked off the
 * event loop before the upgrade. Refusals are plain HTTP answers: 403 for a foreign Origin, 401 for
 * missing (when required) or invalid credentials, 503 when busy.
 */
public final class WebSocketAuth {
    /** WebSocket close code for an expired or rejected token (config.md). */
    public static final int CLOSE_UNAUTHORIZED = 4401;

    /** Continues the upgrade on the event loop with the caller and its token's expiry (null: none). */
    @FunctionalInterface
    public interface Continuation {
        void proceed(Principal principal, Instant expiresAt);
    }

    private record Verified(Principal principal, Instant expiresAt) {
    }

    private WebSocketAuth() {
    }

    public static void authenticate(Server server, ChannelHandlerContext ctx, FullHttpRequest req, ApiRequest api,
                                    boolean requireUser, Continuation next) {
        if (!WebSocketUpgrade.originAllowed(server.config(), req)) {
            refuse(ctx.channel(), HttpResponseStatus.FORBIDDEN, "origin not allowed");
            return;
        }
        req.retain();
        server.blocking().submit(() -> {
            Principal p = api.principal();
            String token = Authenticator.tokenOf(api);
            Instant exp = null;
            if (token != null) {
                try {
                    exp = server.accounts().tokens().verify(token).expiresAt();
                } catch (TokenService.InvalidTokenException e) {
                    throw ApiException.unauthorized("invalid or expired token");
                }
            }
            return new Verified(p, exp);
        }).whenComplete((v, err) -> ctx.executor().execute(() -> {
            try {
                Throwable e = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
                if (e instanceof ApiException ae) {
                    refuse(ctx.channel(), ae.status(), ae.getMessage());
                } else if (e instanceof BlockingExecutor.BusyException) {
                    refuse(ctx.channel(), HttpResponseStatus.SERVICE_UNAVAILABLE, "server busy, try again");
                } else if (e != null) {
                    org.slf4j.LoggerFactory.getLogger(WebSocketAuth.class).error("websocket auth failed", e);
                    refuse(ctx.channel(), HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error");
                } else if (requireUser && v.principal().isGuest()) {
                    refuse(ctx.channel(), HttpResponseStatus.UNAUTHORIZED, "a token is required (?token=JWT)");
                } else if (ctx.channel().isActive()) {
                    next.proceed(v.principal(), v.expiresAt());
                }
            } finally {
                req.release();
            }
        }));
    }

    /** Answers the handshake with an HTTP error and closes. */
    public static void refuse(Channel ch, HttpResponseStatus status, String detail) {
        byte[] body = Json.bytes(JsonErrors.body(status, detail));
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
        r.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        r.headers().set(HttpHeaderNames.CONNECTION, "close");
        r.headers().set(HttpHeaderNames.SERVER, "Switchboard");
        if (status.code() == 401) r.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"switchboard\"");
        ch.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
    }

    /** Closes the socket with 4401 when the token expires; the timer is cancelled if the socket closes first. */
    public static void closeAtExpiry(Channel ch, Instant expiresAt) {
        if (expiresAt == null) return;
        long delay = Math.max(0, expiresAt.toEpochMilli() - System.currentTimeMillis());
        ScheduledFuture<?> timer = ch.eventLoop().schedule(() -> {
            ch.writeAndFlush(new CloseWebSocketFrame(CLOSE_UNAUTHORIZED, "token expired")).addListener(ChannelFutureListener.CLOSE);
        }, delay, TimeUnit.MILLISECONDS);
        ch.closeFuture().addListener(f -> timer.cancel(false));
    }
}

package io.switchboard.ws;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.switchboard.config.Config;
import io.switchboard.config.ConfigKeys;
import io.switchboard.http.ApiRequest;
import io.switchboard.http.WebSocketRoute;
import io.switchboard.pubsub.SlowConsumerPolicy;
import io.switchboard.realtime.Realtime;
import io.switchboard.realtime.WebSocketAuth;
import io.switchboard.websocket.WebSocketUpgrade;

/**
 * {@code GET /ws} upgraded to the /ws dialect (seed 003, ws.md). Credentials are optional here:
 * without them the client is a guest that sees only guest-readable content until it sends
 * {@code authenticate}; invalid credentials are still refused with 401.
 */
public final class WsRoute implements WebSocketRoute {
    private final Realtime realtime;

    public WsRoute(Realtime realtime) {
        this.realtime = realtime;
    }

    @Override
    public boolean matches(String path) {
        return path.equals("/ws") || path.equals("/ws/");
    }

    @Override
    public void upgrade(ChannelHandlerContext ctx, FullHttpRequest request, ApiRequest api) {
        Config config = realtime.server().config();
        WebSocketAuth.authenticate(realtime.server(), ctx, request, api, false, (principal, expiresAt) -> {
            Channel ch = ctx.channel();
            int heartbeat = Math.max(1, config.getInt(ConfigKeys.WS_HEARTBEAT_SECONDS));
            WsSession session = new WsSession(realtime, ch, principal, config.getInt(ConfigKeys.WS_OUTBOUND_LIMIT),
                    SlowConsumerPolicy.fromConfig(config.get(ConfigKeys.WS_SLOW_CONSUMER)));
            var done = WebSocketUpgrade.upgrade(ch, request, config.getInt(ConfigKeys.WS_MAX_MESSAGE), Math.max(5, heartbeat), session.inbound());
            if (done != null) {
                WebSocketAuth.closeAtExpiry(ch, expiresAt);
                realtime.server().connectionStats().opened("ws");
                ch.closeFuture().addListener(f -> realtime.server().connectionStats().closed("ws"));
                done.addListener(f -> {
                    if (f.isSuccess()) session.opened(heartbeat);
                });
            }
        });
    }
}

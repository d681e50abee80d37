package io.switchboard.live;

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
 * {@code GET /live?token=JWT} upgraded to the /live dialect. A missing or invalid token is refused
 * at the handshake with HTTP 401 (live.md); the token's expiry later closes the socket with 4401.
 */
public final class LiveRoute implements WebSocketRoute {
    private final Realtime realtime;

    public LiveRoute(Realtime realtime) {
        this.realtime = realtime;
    }

    @Override
    public boolean matches(String path) {
        return path.equals("/live") || path.equals("/live/");
    }

    @Override
    public void upgrade(ChannelHandlerContext ctx, FullHttpRequest request, ApiRequest api) {
        Config config = realtime.server().config();
        WebSocketAuth.authenticate(realtime.server(), ctx, request, api, true, (principal, expiresAt) -> {
            Channel ch = ctx.channel();
            LiveSession session = new LiveSession(realtime, ch, principal, config.getInt(ConfigKeys.WS_OUTBOUND_LIMIT),
                    SlowConsumerPolicy.fromConfig(config.get(ConfigKeys.WS_SLOW_CONSUMER)));
            if (WebSocketUpgrade.upgrade(ch, request, config.getInt(ConfigKeys.WS_MAX_MESSAGE),
                    Math.max(5, config.getInt(ConfigKeys.WS_HEARTBEAT_SECONDS)), session.inbound()) != null) {
                WebSocketAuth.closeAtExpiry(ch, expiresAt);
                realtime.server().connectionStats().opened("live");
                ch.closeFuture().addListener(f -> realtime.server().connectionStats().closed("live"));
            }
        });
    }


}

package io.switchboard.live;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.switchboard.http.ApiRequest;
import io.switchboard.http.WebSocketRoute;
import io.switchboard.pubsub.ChannelSubscriberEndpoint;
import io.switchboard.realtime.PubSubUpgrade;
import io.switchboard.realtime.Realtime;
import io.switchboard.websocket.WebSocketMessageHandler;

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
        PubSubUpgrade.open(realtime, ctx, request, api, true, "live", (ch, principal, limit, policy) -> {
            LiveSession s = new LiveSession(realtime, ch, principal, limit, policy);
            return new PubSubUpgrade.Session() {
                @Override
                public ChannelSubscriberEndpoint endpoint() {
                    return s;
                }

                @Override
                public WebSocketMessageHandler inbound() {
                    return s.inbound();
                }
            };
        });
    }
}

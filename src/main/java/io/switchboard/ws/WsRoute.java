package io.switchboard.ws;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.switchboard.config.ConfigKeys;
import io.switchboard.http.ApiRequest;
import io.switchboard.http.WebSocketRoute;
import io.switchboard.pubsub.ChannelSubscriberEndpoint;
import io.switchboard.realtime.PubSubUpgrade;
import io.switchboard.realtime.Realtime;
import io.switchboard.websocket.WebSocketMessageHandler;

/**
 * {@code GET /ws} upgraded to the /ws dialect (seed 003, ws.md). Credentials are optional here:
 * without them the client is a guest that sees only guest-readable content until it sends
 * {@code authenticate}; invalid credentials are still refused with 401.
 */
public final class WsRoute implements WebSocketRoute {
    private final Realtime realtime;
    private final WsResumeStore resumes = new WsResumeStore();

    public WsRoute(Realtime realtime) {
        this.realtime = realtime;
    }

    @Override
    public boolean matches(String path) {
        return path.equals("/ws") || path.equals("/ws/");
    }

    @Override
    public void upgrade(ChannelHandlerContext ctx, FullHttpRequest request, ApiRequest api) {
        int heartbeat = Math.max(1, realtime.server().config().getInt(ConfigKeys.WS_HEARTBEAT_SECONDS));
        String resumeId = api.queryParam("sessionId");
        PubSubUpgrade.open(realtime, ctx, request, api, false, "ws", (ch, principal, limit, policy) -> {
            WsSession s = new WsSession(realtime, resumes, ch, principal, limit, policy);
            return new PubSubUpgrade.Session() {
                @Override
                public ChannelSubscriberEndpoint endpoint() {
                    return s;
                }

                @Override
                public WebSocketMessageHandler inbound() {
                    return s.inbound();
                }

                @Override
                public void opened() {
                    s.opened(heartbeat, resumeId);
                }
            };
        });
    }
}

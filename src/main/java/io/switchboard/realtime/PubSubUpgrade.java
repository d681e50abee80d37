package io.switchboard.realtime;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.switchboard.auth.Principal;
import io.switchboard.config.Config;
import io.switchboard.config.ConfigKeys;
import io.switchboard.http.ApiRequest;
import io.switchboard.pubsub.ChannelSubscriberEndpoint;
import io.switchboard.pubsub.SlowConsumerPolicy;
import io.switchboard.websocket.WebSocketMessageHandler;
import io.switchboard.websocket.WebSocketUpgrade;

/**
 * The handshake both pub/sub dialects share: credentials checked off the loop, a session created
 * with the outbound limit and slow-consumer policy from config, the RFC 6455 upgrade, the session's
 * writability/close hooks in the pipeline, the token-expiry close, and per-protocol counts.
 */
public final class PubSubUpgrade {
    /** A dialect's session: the router endpoint plus the handler that reads client messages. */
    public interface Session {
        ChannelSubscriberEndpoint endpoint();

        WebSocketMessageHandler inbound();

        /** Called on the event loop once the 101 answer is written. */
        default void opened() {
        }
    }

    /** Creates the dialect's session for an authenticated channel. */
    @FunctionalInterface
    public interface SessionFactory {
        Session create(Channel ch, Principal principal, int outboundLimit, SlowConsumerPolicy policy);
    }

    private PubSubUpgrade() {
    }

    public static void open(Realtime realtime, ChannelHandlerContext ctx, FullHttpRequest request, ApiRequest api,
                            boolean requireUser, String protocol, SessionFactory factory) {
        Config config = realtime.server().config();
        WebSocketAuth.authenticate(realtime.server(), ctx, request, api, requireUser, (principal, expiresAt) -> {
            Channel ch = ctx.channel();
            Session session = factory.create(ch, principal, config.getInt(ConfigKeys.WS_OUTBOUND_LIMIT),
                    SlowConsumerPolicy.fromConfig(config.get(ConfigKeys.WS_SLOW_CONSUMER)));
            int pingSeconds = Math.max(5, config.getInt(ConfigKeys.WS_HEARTBEAT_SECONDS));
            ChannelFuture done = WebSocketUpgrade.upgrade(ch, request, config.getInt(ConfigKeys.WS_MAX_MESSAGE), pingSeconds, session.inbound());
            if (done == null) return;
            ch.pipeline().addBefore("ws-handler", "ws-subscriber", session.endpoint().handler());
            WebSocketAuth.closeAtExpiry(ch, expiresAt);
            realtime.server().connectionStats().opened(protocol);
            ch.closeFuture().addListener(f -> realtime.server().connectionStats().closed(protocol));
            done.addListener(f -> {
                if (f.isSuccess()) session.opened();
            });
        });
    }
}

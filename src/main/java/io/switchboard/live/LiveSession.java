package io.switchboard.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.switchboard.Json;
import io.switchboard.auth.Principal;
import io.switchboard.realtime.ResumableEndpoint;
import io.switchboard.pubsub.SlowConsumerPolicy;
import io.switchboard.pubsub.Subscription;
import io.switchboard.realtime.Realtime;
import io.switchboard.websocket.MessageRateLimit;
import io.switchboard.websocket.WebSocketMessageHandler;

import java.util.HashMap;
import java.util.Map;

/**
 * One /live connection: the signed-in principal, its subscriptions by topic (touched only on the
 * channel's event loop), and the inbound handler that turns text messages into method calls.
 */
final class LiveSession extends ResumableEndpoint {
    /** Most topics one connection may subscribe to at once. */
    static final int MAX_SUBSCRIPTIONS = 1000;
    /** Messages per second a client may send. */
    static final int MESSAGES_PER_SECOND = 200;

    final Realtime realtime;
    final Principal principal;
    final Map<String, Subscription> subscriptions = new HashMap<>();

    private final MessageRateLimit rate = new MessageRateLimit(MESSAGES_PER_SECOND);

    LiveSession(Realtime realtime, Channel channel, Principal principal, int outboundLimit, SlowConsumerPolicy policy) {
        super(realtime, channel, outboundLimit, policy);
        this.realtime = realtime;
        this.principal = principal;
    }

    void send(ObjectNode message) {
        channel.writeAndFlush(new TextWebSocketFrame(Json.string(message)));
    }

    /** Sends what the client missed after {@code since}, then goes live (live.md "recovery"). */
    void replay(Subscription sub, long since, LiveFilter filter, JsonNode id) {
        replay(sub, since, e -> {
            ObjectNode m = filter.accepts(e.payload()) ? LiveEncoder.message(e.seq(), e.payload()) : null;
            return m == null ? null : Json.string(m);
        }, Json.string(LiveReplies.error("subscribe", LiveReplies.SINCE_TOO_OLD, id)));
    }

    @Override
    public void topicDestroyed(Subscription subscription) {
        subscriptions.remove(subscription.topicName(), subscription);
        send(LiveReplies.topicDestroyed(subscription.topicName()));
    }

    /** The handler that reads client messages. */
    WebSocketMessageHandler inbound() {
        return new WebSocketMessageHandler() {
            @Override
            protected void onPeerClose(ChannelHandlerContext ctx) {
                peerClosing();
            }

            @Override
            protected void onText(ChannelHandlerContext ctx, String text) {
                MessageRateLimit.Verdict verdict = rate.onMessage();
                if (verdict == MessageRateLimit.Verdict.CLOSE) {
                    close(ctx, WebSocketCloseStatus.POLICY_VIOLATION.code(), LiveReplies.RATE_LIMITED);
                    return;
                }
                JsonNode msg;
                try {
                    msg = Json.parse(text);
                } catch (IllegalArgumentException e) {
                    send(LiveReplies.error(null, LiveReplies.BAD_JSON, null));
                    return;
                }
                if (!msg.isObject() || !msg.path("method").isTextual()) {
                    send(LiveReplies.error(null, LiveReplies.NOT_AN_OBJECT, msg.isObject() ? msg.get("id") : null));
                    return;
                }
                if (verdict == MessageRateLimit.Verdict.REFUSE) {
                    // refused, but answered like any other request: with its method and id (live.md)
                    send(LiveReplies.error(msg.get("method").asText(), LiveReplies.RATE_LIMITED, msg.get("id")));
                    return;
                }
                LiveMethods.dispatch(LiveSession.this, msg.get("method").asText(), msg.path("attributes"), msg.get("id"));
            }

            @Override
            protected void onBinary(ChannelHandlerContext ctx, ByteBuf data) {
                send(LiveReplies.error(null, LiveReplies.BINARY, null));
            }
        };
    }
}

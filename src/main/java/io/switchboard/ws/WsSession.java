package io.switchboard.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.util.concurrent.ScheduledFuture;
import io.switchboard.Json;
import io.switchboard.auth.Principal;
import io.switchboard.entity.EntityEvent;
import io.switchboard.realtime.ResumableEndpoint;
import io.switchboard.pubsub.RoutedEvent;
import io.switchboard.pubsub.SlowConsumerPolicy;
import io.switchboard.pubsub.Subscription;
import io.switchboard.realtime.Realtime;
import io.switchboard.realtime.WebSocketAuth;
import io.switchboard.websocket.MessageRateLimit;
import io.switchboard.websocket.WebSocketMessageHandler;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * One /ws connection. Subscriptions are kept per topic (a table, or all tables when no
 * contentType was given) with the set of event-type patterns wanted there, so overlapping
 * patterns never deliver an event twice. The principal can change through {@code authenticate};
 * filters read it at delivery time. All state is touched on the channel's event loop only.
 */
final class WsSession extends ResumableEndpoint {
    static final int MESSAGES_PER_SECOND = 200;
    static final int MAX_PATTERNS = 1000;
    /** A client answering nothing for this many heartbeats is closed (ws.md). */
    static final int MISSED_HEARTBEATS = 3;

    private final Realtime realtime;
    private String sessionId = UUID.randomUUID().toString();
    /** Last sequence number the router handed this connection per topic, for resuming. */
    private final Map<String, Long> lastSeqByTopic = new HashMap<>();
    private final WsResumeStore resumes;
    private final Map<String, Set<String>> patternsByTopic = new HashMap<>();
    private final Map<String, Subscription> subscriptions = new HashMap<>();
    private final MessageRateLimit rate = new MessageRateLimit(MESSAGES_PER_SECOND);
    private volatile Principal principal;
    private long lastClientMessageNanos = System.nanoTime();
    private ScheduledFuture<?> heartbeat;

    WsSession(Realtime realtime, WsResumeStore resumes, Channel channel, Principal principal, int outboundLimit, SlowConsumerPolicy policy) {
        super(realtime, channel, outboundLimit, policy);
        this.resumes = resumes;
        this.realtime = realtime;
        this.principal = principal;
    }

    void send(ObjectNode message) {
        channel.writeAndFlush(new TextWebSocketFrame(Json.string(message)));
    }

    @Override
    public boolean deliver(io.switchboard.pubsub.RoutedEvent event, Subscription subscription) {
        boolean written = super.deliver(event, subscription);
        // Not seen when the client is already closing: a resume then replays it.
        if (written || !isClosing()) {
            lastSeqByTopic.put(subscription.topicName(), Realtime.seqOf(event));
        }
        return written;
    }

    /** Keeps what a reconnect with ?sessionId= needs, for ws.resume.seconds. */
    @Override
    public void closed() {
        long seconds = realtime.server().config().getLong(io.switchboard.config.ConfigKeys.WS_RESUME_SECONDS);
        if (seconds > 0 && !patternsByTopic.isEmpty()) {
            Map<String, Set<String>> patterns = new HashMap<>();
            patternsByTopic.forEach((t, p) -> patterns.put(t, Set.copyOf(p)));
            Map<String, Long> seen = new HashMap<>(lastSeqByTopic);
            subscriptions.forEach((t, sub) -> {
                if (!seen.containsKey(t) && sub.startSeq() != Long.MAX_VALUE) seen.put(t, realtime.startSeqOf(sub));
            });
            resumes.save(sessionId, new WsResumeStore.Saved(principal.userId(), patterns, seen,
                    System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds)));
        }
        super.closed();
    }

    /**
     * Sends the greeting and starts the heartbeat; called on the event loop right after the
     * handshake. With {@code resumeId} of a session that ended within ws.resume.seconds (same user),
     * the session takes that id back, resubscribes and first replays what was missed.
     */
    void opened(int heartbeatSeconds, String resumeId) {
        WsResumeStore.Saved saved = resumeId == null ? null : resumes.take(resumeId);
        boolean resumed = saved != null && java.util.Objects.equals(saved.userId(), principal.userId());
        if (resumed) sessionId = resumeId;
        send(WsMessages.connected(sessionId, principal.userId(), heartbeatSeconds).put("resumed", resumed));
        if (resumeId != null && !resumed) {
            send(WsMessages.error(WsMessages.INVALID_MESSAGE, "session " + resumeId + " cannot be resumed: reload and subscribe again"));
        }
        if (resumed) {
            saved.patternsByTopic().forEach((topic, patterns) -> {
                patternsByTopic.put(topic, new HashSet<>(patterns));
                Subscription sub = realtime.router().subscribe(topic, this, ev -> wants(topic, ev.payload()), WsEncoder.KEY);
                if (sub == null) return;
                subscriptions.put(topic, sub);
                Long since = saved.lastSeqByTopic().get(topic);
                if (since != null) {
                    replay(sub, since, e -> wants(topic, e.payload()) ? Json.string(WsEncoder.message(e.seq(), e.payload())) : null,
                            Json.string(WsMessages.error(WsMessages.INVALID_MESSAGE, "too old: missed events are gone, reload")));
                }
            });
        }
        long periodNanos = TimeUnit.SECONDS.toNanos(heartbeatSeconds);
        heartbeat = channel.eventLoop().scheduleAtFixedRate(() -> {
            if (System.nanoTime() - lastClientMessageNanos > periodNanos * MISSED_HEARTBEATS) {
                WebSocketMessageHandler.close(channel.pipeline().lastContext(), 4408, "no answer to heartbeats");
                return;
            }
            send(WsMessages.heartbeat());
        }, heartbeatSeconds, heartbeatSeconds, TimeUnit.SECONDS);
        channel.closeFuture().addListener(f -> heartbeat.cancel(false));
    }

    private boolean wants(String topic, Object payload) {
        String type = WsEncoder.typeOf(payload);
        if (type == null) return false;
        EntityEvent ev = WsEncoder.change(payload);
        if (topic.equals(Realtime.ALL_TABLES) && subscriptions.containsKey(ev.table())) {
            return false; // the table's own subscription delivers it
        }
        if (topic.equals(Realtime.ALL_TABLES) && realtime.peekableTable(principal, ev.table()) == null) return false;
        if (!Realtime.mayRead(principal, ev.row())) return false;
        Set<String> patterns = patternsByTopic.get(topic);
        if (patterns == null) return false;
        for (String p : patterns) if (matches(p, type)) return true;
        return false;
    }

    static boolean matches(String pattern, String type) {
        if (pattern.equals("*") || pattern.equals(type)) return true;
        return pattern.endsWith(".*") && type.startsWith(pattern.substring(0, pattern.length() - 1));
    }

    WebSocketMessageHandler inbound() {
        return new WebSocketMessageHandler() {
            @Override
            protected void onPeerClose(ChannelHandlerContext ctx) {
                peerClosing();
            }

            @Override
            protected void onText(ChannelHandlerContext ctx, String text) {
                lastClientMessageNanos = System.nanoTime();
                switch (rate.onMessage()) {
                    case CLOSE -> {
                        close(ctx, WebSocketCloseStatus.POLICY_VIOLATION.code(), "too many messages");
                        return;
                    }
                    case REFUSE -> {
                        send(WsMessages.error(WsMessages.RATE_LIMITED, "too many messages, slow down"));
                        return;
                    }
                    default -> {
                    }
                }
                JsonNode msg;
                try {
                    msg = Json.parse(text);
                } catch (IllegalArgumentException e) {
                    send(WsMessages.error(WsMessages.INVALID_MESSAGE, "message is not valid JSON"));
                    return;
                }
                if (!msg.isObject() || !msg.path("action").isTextual()) {
                    send(WsMessages.error(WsMessages.INVALID_MESSAGE, "message must be an object with an action"));
                    return;
                }
                switch (msg.get("action").asText()) {
                    case "subscribe" -> subscribe(msg);
                    case "unsubscribe" -> unsubscribe(msg);
                    case "authenticate" -> authenticate(ctx, msg);
                    case "pong", "ping" -> {
                        if (msg.get("action").asText().equals("ping")) send(WsMessages.heartbeat());
                    }
                    default -> send(WsMessages.error(WsMessages.INVALID_MESSAGE, "unknown action: " + msg.get("action").asText()));
                }
            }

            @Override
            protected void onBinary(ChannelHandlerContext ctx, io.netty.buffer.ByteBuf data) {
                lastClientMessageNanos = System.nanoTime();
                send(WsMessages.error(WsMessages.INVALID_MESSAGE, "binary messages are not accepted on /ws"));
            }
        };
    }

    private void subscribe(JsonNode msg) {
        String type = msg.path("type").asText("*");
        if (type.isEmpty()) type = "*";
        if (!type.equals("*") && !type.matches("[a-z]+\\.([a-z]+|\\*)")) {
            send(WsMessages.error(WsMessages.INVALID_MESSAGE, "type must be an event type such as content.created, content.* or *"));
            return;
        }
        String contentType = msg.hasNonNull("contentType") && !msg.get("contentType").asText().isEmpty() ? msg.get("contentType").asText() : null;
        long since = -1;
        if (msg.hasNonNull("since")) {
            if (!msg.get("since").canConvertToLong() || msg.get("since").asLong() < 0 || contentType == null) {
                send(WsMessages.error(WsMessages.INVALID_MESSAGE, "since needs a contentType and a sequence number"));
                return;
            }
            since = msg.get("since").asLong();
        }
        String topic = contentType == null ? Realtime.ALL_TABLES : contentType;
        if (contentType != null && realtime.peekableTable(principal, contentType) == null) {
            send(WsMessages.error(principal.isGuest() ? WsMessages.UNAUTHORIZED : WsMessages.FORBIDDEN, "unknown or forbidden contentType: " + contentType));
            return;
        }
        Set<String> patterns = patternsByTopic.computeIfAbsent(topic, k -> new HashSet<>());
        if (patterns.size() >= MAX_PATTERNS) {
            send(WsMessages.error(WsMessages.INVALID_MESSAGE, "too many subscriptions"));
            return;
        }
        patterns.add(type);
        // Subscribe before acknowledging: a client that publishes as soon as it reads "subscribed" must
        // find the subscription in place (the ack still goes out first, deliveries run in a later task).
        Subscription s = subscriptions.containsKey(topic) ? null
                : realtime.router().subscribe(topic, this, ev -> wants(topic, ev.payload()), WsEncoder.KEY);
        send(WsMessages.subscription("subscribed", type, contentType));
        if (s != null) {
            subscriptions.put(topic, s);
            if (since >= 0) {
                replay(s, since, e -> wants(topic, e.payload()) ? Json.string(WsEncoder.message(e.seq(), e.payload())) : null,
                        Json.string(WsMessages.error(WsMessages.INVALID_MESSAGE, "too old: reload")));
            }
        }
    }

    private void unsubscribe(JsonNode msg) {
        String type = msg.path("type").asText("*");
        String contentType = msg.hasNonNull("contentType") && !msg.get("contentType").asText().isEmpty() ? msg.get("contentType").asText() : null;
        String topic = contentType == null ? Realtime.ALL_TABLES : contentType;
        Set<String> patterns = patternsByTopic.get(topic);
        if (patterns != null) {
            patterns.remove(type);
            if (patterns.isEmpty()) {
                patternsByTopic.remove(topic);
                Subscription s = subscriptions.remove(topic);
                if (s != null) realtime.router().unsubscribe(s);
            }
        }
        send(WsMessages.subscription("unsubscribed", type, contentType));
    }

    private void authenticate(ChannelHandlerContext ctx, JsonNode msg) {
        String token = msg.path("token").asText("");
        realtime.server().blocking().submit(() -> {
            Principal p = realtime.server().accounts().authenticateToken(token);
            return new Object[]{p, realtime.server().accounts().tokens().verify(token).expiresAt()};
        }).whenComplete((r, err) -> channel.eventLoop().execute(() -> {
            if (err != null) {
                send(WsMessages.error(WsMessages.UNAUTHORIZED, "invalid or expired token"));
                WebSocketMessageHandler.close(ctx, WebSocketAuth.CLOSE_UNAUTHORIZED, "invalid token");
                return;
            }
            principal = (Principal) r[0];
            WebSocketAuth.closeAtExpiry(channel, (java.time.Instant) r[1]);
            send(WsMessages.authenticated(principal.userId()));
        }));
    }

}

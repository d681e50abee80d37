package io.switchboard.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.Module;
import io.switchboard.Server;
import io.switchboard.cluster.ClusterModule;
import io.switchboard.entity.ActionRegistry;
import io.switchboard.entity.ClientInstructions;
import io.switchboard.live.LiveRoute;
import io.switchboard.pubsub.TopicRouter;
import io.switchboard.ws.WsRoute;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Realtime pub/sub: the topic router fed by committed entity changes, the /live and /ws WebSocket
 * dialects on the HTTP port, the {@code publish_to_topic} action and the "realtime" section of
 * /statistics.
 */
public final class RealtimeModule implements Module {
    private Realtime realtime;

    @Override
    public String name() {
        return "realtime";
    }

    @Override
    public void start(Server server) throws java.sql.SQLException {
        TopicRouter router = new TopicRouter();
        realtime = new Realtime(server, router);
        ClusterModule cluster = server.module(ClusterModule.class);
        java.util.Optional<io.switchboard.cluster.ClusterBus> bus = cluster.clusterBus();
        if (bus.isPresent()) {
            ClusterTopics topics = new ClusterTopics(realtime, bus.get(), server.blocking(), server.nodeId());
            cluster.numberEntityEvents(ev -> PublishedEvent.follows(ev) ? 2 : 1);
            realtime.useCluster(topics);
            topics.start();
        }
        server.eventBus().subscribe(realtime::onEntityEvent);
        server.http().addWebSocketRoute(new LiveRoute(realtime));
        server.http().addWebSocketRoute(new WsRoute(realtime));
        server.actions().register(new ActionRegistry.Action("world", "publish_to_topic", List.of("topicName", "message"), call -> {
            JsonNode attrs = call.attributes();
            String err = realtime.publishMessage(call.principal(), attrs.path("topicName").asText(""), attrs.get("message"));
            if (err != null) return new ActionRegistry.Result(call.principal().isGuest() ? 401 : 400, ClientInstructions.error(err), Map.of());
            return ActionRegistry.Result.ok(ClientInstructions.notify(ClientInstructions.list(), "success", "Success", "Published"));
        }));
        server.stats().register("realtime", () -> {
            Map<String, Object> m = new LinkedHashMap<>(router.stats().toMap());
            m.put("connections_live", server.connectionStats().openByProtocol().getOrDefault("live", 0L));
            m.put("connections_ws", server.connectionStats().openByProtocol().getOrDefault("ws", 0L));
            return m;
        });
    }

    public Realtime realtime() {
        return realtime;
    }
}

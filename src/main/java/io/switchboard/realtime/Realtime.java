package io.switchboard.realtime;

import io.switchboard.Server;
import io.switchboard.auth.Permission;
import io.switchboard.auth.Principal;
import io.switchboard.entity.EntityEvent;
import io.switchboard.entity.EntityRow;
import io.switchboard.entity.EntitySchema;
import io.switchboard.pubsub.Topic;
import io.switchboard.pubsub.TopicKind;
import io.switchboard.pubsub.TopicRouter;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The realtime core the WebSocket dialects share: the topic router, the bridge from committed
 * entity changes to system topics (one per table, plus {@link #ALL_TABLES} for subscribers of
 * every table), custom topics with their permissions, and who may see what.
 */
public final class Realtime {
    /** Topic that carries every table's changes (for /ws subscriptions without a contentType). */
    public static final String ALL_TABLES = "__all_tables__";
    private static final Pattern TOPIC_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-:]{0,99}");

    private final Server server;
    private final TopicRouter router;
    private final EventHistory history;

    public Realtime(Server server, TopicRouter router) {
        this.server = server;
        this.router = router;
        this.history = new EventHistory(() -> server.config().getInt(io.switchboard.config.ConfigKeys.WS_RESUME_BUFFER));
    }

    public EventHistory history() {
        return history;
    }

    /** Publishes on a topic and remembers the event for clients that resume with "since". */
    private long publish(String topic, Object payload) {
        long seq = router.publish(topic, payload);
        history.record(topic, seq, payload);
        return seq;
    }

    public Server server() {
        return server;
    }

    public TopicRouter router() {
        return router;
    }

    /** Publishes a committed change on its table's topic (and the all-tables topic). Never blocks. */
    void onEntityEvent(EntityEvent ev) {
        long seq = publish(ev.table(), ev);
        if (router.hasSubscribers(ALL_TABLES)) publish(ALL_TABLES, new AllTablesEvent(seq, ev));
        if (ev.type() == EntityEvent.Type.UPDATE && ev.previous() != null
                && "published".equals(ev.row().attributes().get("status"))
                && !"published".equals(ev.previous().attributes().get("status"))) {
            PublishedEvent p = new PublishedEvent(ev);
            long pseq = publish(ev.table(), p);
            if (router.hasSubscribers(ALL_TABLES)) publish(ALL_TABLES, new AllTablesEvent(pseq, p));
        }
    }

    /** May this principal read this row? (Subscribers only receive rows they may read.) */
    public static boolean mayRead(Principal who, EntityRow row) {
        return Permission.allows(who, row.permission(), row.owner(), row.usergroups(), Permission.Op.READ);
    }

    /** The table's schema if the principal may peek at it (and so subscribe to its topic), else null. */
    public EntitySchema peekableTable(Principal who, String table) {
        EntitySchema s = server.store().registry().find(table);
        return s != null && s.access().allows(who, Permission.Op.PEEK) ? s : null;
    }

    public static boolean mayUseTopic(Principal who, Topic topic, Permission.Op op) {
        return Permission.allows(who, topic.permission(), topic.owner(), List.of(), op);
    }

    /** Topic names the principal may see: tables it may peek at, custom topics it may read. */
    public List<String> visibleTopics(Principal who) {
        List<String> out = new ArrayList<>();
        for (EntitySchema s : server.store().registry().all()) {
            if (s.access().allows(who, Permission.Op.PEEK)) out.add(s.tableName());
        }
        for (Topic t : router.topics()) {
            if (t.kind() == TopicKind.CUSTOM && mayUseTopic(who, t, Permission.Op.READ)) out.add(t.name());
        }
        out.sort(null);
        return out;
    }

    /** Creates a custom topic owned by {@code who}; an error text, or null on success. */
    public String createTopic(Principal who, String name, int permission) {
        if (who.isGuest()) return "sign in to create topics";
        if (name == null || !TOPIC_NAME.matcher(name).matches()) return "topic names are 1-100 letters, digits, _ . - :";
        if (server.store().registry().find(name) != null) return "a table has that name";
        if (permission < 0 || permission > Permission.MAX) return "permission out of range";
        return router.createTopic(name, who.userId(), permission) == null ? "topic exists: " + name : null;
    }

    /** Destroys a custom topic (owner or administrator); an error text, or null on success. */
    public String destroyTopic(Principal who, String name) {
        Topic t = router.topic(name);
        if (server.store().registry().find(name) != null || (t != null && t.kind() == TopicKind.SYSTEM)) {
            return "system topics cannot be destroyed";
        }
        if (t == null || !mayUseTopic(who, t, Permission.Op.PEEK) && !mayUseTopic(who, t, Permission.Op.READ)) return "no such topic: " + name;
        if (!mayUseTopic(who, t, Permission.Op.DELETE)) return "no permission to destroy " + name;
        router.destroyTopic(name);
        history.forget(name);
        return null;
    }

    /**
     * Publishes a client message: to a custom topic with execute permission, or to a table's topic
     * with create permission on the table. An error text, or null on success.
     */
    public String publishMessage(Principal who, String topicName, com.fasterxml.jackson.databind.JsonNode message) {
        if (topicName == null || topicName.isEmpty()) return "topicName is required";
        if (message == null || !message.isObject()) return "message must be a JSON object";
        EntitySchema table = server.store().registry().find(topicName);
        if (table != null) {
            if (!table.access().allows(who, Permission.Op.CREATE)) return "no permission to publish to " + topicName;
        } else {
            Topic t = router.topic(topicName);
            if (t == null || t.kind() != TopicKind.CUSTOM) return "no such topic: " + topicName;
            if (!mayUseTopic(who, t, Permission.Op.EXECUTE)) return "no permission to publish to " + topicName;
        }
        publish(topicName, new TopicMessage(topicName, who.userId(), message, java.time.Instant.now()));
        return null;
    }
}

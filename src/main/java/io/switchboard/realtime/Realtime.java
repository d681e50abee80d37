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

import io.switchboard.pubsub.RoutedEvent;
import io.switchboard.pubsub.Subscription;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
    /** The cluster log this node's topics are numbered by; null on a single node (the router numbers them). */
    private volatile ClusterTopics cluster;
    /**
     * Cluster mode: per topic, cluster number minus router number of the topic's events on this
     * node (constant for one Topic object, as every event of it comes from the log in order).
     */
    private final Map<String, Offset> offsets = new ConcurrentHashMap<>();
    /** Cluster mode: the last cluster number seen per topic (from the log at start, then from events). */
    private final Map<String, Long> lastSeqs = new ConcurrentHashMap<>();

    private record Offset(Topic topic, long offset) {
    }

    public Realtime(Server server, TopicRouter router) {
        this.server = server;
        this.router = router;
        this.history = new EventHistory(() -> server.config().getInt(io.switchboard.config.ConfigKeys.WS_RESUME_BUFFER));
    }

    public EventHistory history() {
        return history;
    }

    /** Numbers this node's topics by the cluster log from now on (call before the HTTP port opens). */
    void useCluster(ClusterTopics topics) {
        this.cluster = topics;
    }

    /** True when events carry cluster-wide numbers (several nodes share the log). */
    public boolean clustered() {
        return cluster != null;
    }

    /**
     * True when the topic's events carry cluster numbers: every topic when clustered except the
     * all-tables topic, whose events carry their table's number and are counted by this node.
     */
    public boolean numbersFromCluster(String topic) {
        return cluster != null && !ALL_TABLES.equals(topic);
    }

    /** The number a client sees for this routed event: the cluster's when clustered, else the router's. */
    public static long seqOf(RoutedEvent event) {
        return event.payload() instanceof NumberedEvent n ? n.seq() : event.seq();
    }

    /** The event inside a router payload (unwraps {@link NumberedEvent}). */
    public static Object eventOf(Object payload) {
        return payload instanceof NumberedEvent n ? n.event() : payload;
    }

    /**
     * The number of the last event of the subscription's topic before it started, in the numbers
     * clients see: what a client that received nothing yet has "seen". When this node has not
     * published on the topic yet, the topic's number at this node's start (a lower bound).
     */
    public long startSeqOf(Subscription sub) {
        long start = sub.startSeq();
        if (!numbersFromCluster(sub.topicName()) || start == Long.MAX_VALUE) return start;
        Offset o = offsets.get(sub.topicName());
        return start + (o != null && o.topic() == sub.topic() ? o.offset() : lastSeqs.getOrDefault(sub.topicName(), 0L));
    }

    /** Cluster mode: reads what a client missed from the log (see {@link ClusterTopics#recover}). */
    java.util.concurrent.CompletableFuture<EventHistory.Replay> recover(String topic, long since) {
        return cluster.recover(topic, since, Math.max(1, server.config().getInt(io.switchboard.config.ConfigKeys.WS_RESUME_BUFFER)));
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

    /**
     * Publishes a committed change on its table's topic (and the all-tables topic). Never blocks.
     * Clustered, the change comes back from the log instead ({@link #deliverNumbered}), as every
     * other node's changes do, so this node numbers and orders them as all others do.
     */
    void onEntityEvent(EntityEvent ev) {
        if (cluster != null) return;
        long seq = publish(ev.table(), ev);
        if (router.hasSubscribers(ALL_TABLES)) publish(ALL_TABLES, new AllTablesEvent(seq, ev));
        if (PublishedEvent.follows(ev)) {
            PublishedEvent p = new PublishedEvent(ev);
            long pseq = publish(ev.table(), p);
            if (router.hasSubscribers(ALL_TABLES)) publish(ALL_TABLES, new AllTablesEvent(pseq, p));
        }
    }

    /**
     * Cluster mode, on the bus reader thread in log order: one event with its cluster number. It is
     * remembered before it is routed, so a client subscribing meanwhile finds it in one of the two.
     */
    void deliverNumbered(String topicName, long seq, Object payload) {
        lastSeqs.merge(topicName, seq, Math::max);
        boolean change = payload instanceof EntityEvent || payload instanceof PublishedEvent;
        Topic topic = router.topic(topicName);
        if (topic == null && !change && server.store().registry().find(topicName) == null) {
            return; // a message to a custom topic destroyed meanwhile: never resurrect it as a system topic
        }
        if (topic == null) topic = router.systemTopic(topicName);
        history.record(topicName, seq, payload);
        long routed = router.publish(topic, new NumberedEvent(seq, payload));
        if (routed != Topic.DESTROYED) offsets.put(topicName, new Offset(topic, seq - routed));
        if (change && router.hasSubscribers(ALL_TABLES)) publish(ALL_TABLES, new AllTablesEvent(seq, payload));
    }

    /** Cluster mode: the last numbers of the log's topics at start. */
    void knowSeqs(Map<String, Long> seqs) {
        seqs.forEach((t, s) -> lastSeqs.merge(t, s, Math::max));
    }

    /** Cluster mode: a custom topic created on some node (this one included: then it exists already). */
    void applyTopicCreated(String name, String owner, int permission) {
        if (server.store().registry().find(name) != null) return;
        Topic t = router.createTopic(name, owner, permission);
        if (t != null) offsets.put(name, new Offset(t, lastSeqs.getOrDefault(name, 0L)));
    }

    /** Cluster mode: a custom topic destroyed on some node. */
    void applyTopicDestroyed(String name) {
        Topic t = router.topic(name);
        if (t != null && t.kind() == TopicKind.CUSTOM) router.destroyTopic(name);
        history.forget(name);
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
        Topic created = router.createTopic(name, who.userId(), permission);
        if (created == null) return "topic exists: " + name;
        ClusterTopics c = cluster;
        if (c != null) {
            offsets.put(name, new Offset(created, lastSeqs.getOrDefault(name, 0L)));
            c.appendTopicCreated(name, who.userId(), permission);
        }
        return null;
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
        ClusterTopics c = cluster;
        if (c != null) c.appendTopicDestroyed(name);
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
        TopicMessage m = new TopicMessage(topicName, who.userId(), message, java.time.Instant.now());
        ClusterTopics c = cluster;
        if (c != null) c.appendMessage(m); // numbered and delivered everywhere, here too, in log order
        else publish(topicName, m);
        return null;
    }
}

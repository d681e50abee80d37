package io.switchboard.pubsub;

import io.netty.util.concurrent.EventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * In-memory topic router tuned for high fan-out. See the package documentation for the design.
 *
 * <p>Thread-safety: every method may be called from any thread. {@link #publish} takes no lock: a map
 * lookup, then either one CAS (no subscribers) or an append to the topic's lock-free list. Subscribe,
 * unsubscribe and topic management copy arrays and may use {@link ConcurrentHashMap}'s internal bin
 * locks; they never block a publisher.
 *
 * <p>Names: system topics and custom topics share one name space. {@link #publish(String, Object)} and
 * {@link #subscribe(String, SubscriberEndpoint, EventFilter, EncodingKey)} use the topic of that name if
 * there is one and otherwise create a system topic, so callers must not pass a custom topic's name that
 * may have been destroyed (look the topic up with {@link #topic(String)} and use the {@link Topic}
 * overloads instead). The WebSocket layers refuse custom topic names that are table names.
 */
public final class TopicRouter {
    private static final Logger log = LoggerFactory.getLogger(TopicRouter.class);
    private static final Subscription[] NONE = new Subscription[0];

    private final ConcurrentHashMap<String, Topic> topics = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<SubscriberEndpoint, Subscription[]> byEndpoint = new ConcurrentHashMap<>();
    private final AtomicInteger subscriptionCount = new AtomicInteger();
    private final RouterStats stats = new RouterStats(this);
    private final LongAdder destroyedTopicsPublished = new LongAdder();
    /** One delivery lane per event loop that has (or had) subscribers; a handful of entries. */
    private final ConcurrentHashMap<EventExecutor, DeliveryLane> lanes = new ConcurrentHashMap<>();

    // ---- topics ----

    /** The topic of that name, or null. */
    public Topic topic(String name) {
        return topics.get(name);
    }

    /** All current topics (a snapshot). */
    public Collection<Topic> topics() {
        return Collections.unmodifiableList(new ArrayList<>(topics.values()));
    }

    /**
     * The system topic of that name, created on first use.
     *
     * @throws IllegalStateException if a custom topic has that name
     */
    public Topic systemTopic(String name) {
        Topic t = topicOrSystem(name);
        if (t.kind() != TopicKind.SYSTEM) {
            throw new IllegalStateException(name + " is a custom topic");
        }
        return t;
    }

    /**
     * Creates a custom topic; returns null if a topic of that name exists. {@code owner} is the creator's
     * reference id and {@code permission} the permission bits; the router only stores them.
     */
    public Topic createTopic(String name, String owner, int permission) {
        Objects.requireNonNull(name, "name");
        Topic t = new Topic(name, TopicKind.CUSTOM, owner, permission, stats);
        return topics.putIfAbsent(name, t) == null ? t : null;
    }

    /**
     * Destroys a custom topic: removes it, ends its subscriptions and calls
     * {@link SubscriberEndpoint#topicDestroyed} on each subscriber's event loop. Returns false if there is
     * no such topic or it is a system topic (those cannot be destroyed).
     */
    public boolean destroyTopic(String name) {
        Topic t = topics.get(name);
        if (t == null || t.kind() != TopicKind.CUSTOM || !topics.remove(name, t)) {
            return false;
        }
        destroyedTopicsPublished.add(t.lastSeq());
        for (Subscription s : t.destroy()) {
            if (end(s)) {
                notifyDestroyed(s);
            }
        }
        return true;
    }

    private void notifyDestroyed(Subscription s) {
        try {
            s.endpoint.executor().execute(() -> s.endpoint.topicDestroyed(s));
        } catch (RejectedExecutionException e) {
            log.debug("endpoint {} gone before topic {} was destroyed", s.endpoint, s.topicName());
        }
    }

    private Topic topicOrSystem(String name) {
        Topic t = topics.get(name);
        if (t != null) {
            return t;
        }
        Objects.requireNonNull(name, "name");
        return topics.computeIfAbsent(name, n -> new Topic(n, TopicKind.SYSTEM, null, 0, stats));
    }

    // ---- subscriptions ----

    /** {@link #subscribe(String, SubscriberEndpoint, EventFilter, EncodingKey)} without an encoding key. */
    public Subscription subscribe(String topic, SubscriberEndpoint endpoint, EventFilter filter) {
        return subscribe(topic, endpoint, filter, null);
    }

    /**
     * Subscribes {@code endpoint} to the topic of that name, creating a system topic if there is none.
     *
     * @param filter evaluated on the endpoint's event loop for each event; null accepts everything
     * @param encodingKey how this subscription renders events (dialect and permission view); may be null
     *                    for endpoints that do not call {@link RoutedEvent#encoded}
     */
    public Subscription subscribe(String topic, SubscriberEndpoint endpoint, EventFilter filter, EncodingKey encodingKey) {
        for (;;) {
            Subscription s = subscribe(topicOrSystem(topic), endpoint, filter, encodingKey);
            if (s != null) {
                return s;
            }
            // Destroyed between lookup and subscribe: look again (it is gone from the map by now).
        }
    }

    /** Subscribes to this topic; returns null if it has been destroyed. */
    public Subscription subscribe(Topic topic, SubscriberEndpoint endpoint, EventFilter filter, EncodingKey encodingKey) {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(endpoint.executor(), "endpoint.executor()");
        Subscription s = new Subscription(topic, endpoint, filter, encodingKey);
        s.lane = lane(endpoint.executor());
        byEndpoint.compute(endpoint, (e, subs) -> {
            s.flushMark = subs == null || subs.length == 0 ? new FlushMark(e) : subs[0].flushMark;
            return append(subs, s);
        });
        subscriptionCount.incrementAndGet();
        if (!topic.add(s)) {
            end(s);
            return null;
        }
        if (!s.isActive()) {
            topic.remove(s); // unsubscribeAll ran while we were adding it
        }
        return s;
    }

    /** Ends a subscription; returns false if it had already ended. Deliveries already queued skip it. */
    public boolean unsubscribe(Subscription s) {
        if (!end(s)) {
            return false;
        }
        s.topic.remove(s);
        return true;
    }

    /** Ends every subscription of {@code endpoint} (call it when the connection closes). */
    public void unsubscribeAll(SubscriberEndpoint endpoint) {
        Subscription[] subs = byEndpoint.remove(endpoint);
        if (subs == null) {
            return;
        }
        for (Subscription s : subs) {
            if (s.deactivate()) {
                subscriptionCount.decrementAndGet();
                s.topic.remove(s);
            }
        }
    }

    /** The endpoint's active subscriptions (a snapshot). */
    public List<Subscription> subscriptions(SubscriberEndpoint endpoint) {
        Subscription[] subs = byEndpoint.get(endpoint);
        return subs == null ? List.of() : List.of(subs);
    }

    /** Deactivates {@code s} and forgets it; true for the caller that actually ended it. */
    private boolean end(Subscription s) {
        if (!s.deactivate()) {
            return false;
        }
        subscriptionCount.decrementAndGet();
        byEndpoint.computeIfPresent(s.endpoint, (e, subs) -> removeFrom(subs, s));
        return true;
    }

    private static Subscription[] append(Subscription[] subs, Subscription s) {
        if (subs == null) {
            return new Subscription[] {s};
        }
        Subscription[] copy = Arrays.copyOf(subs, subs.length + 1);
        copy[subs.length] = s;
        return copy;
    }

    private static Subscription[] removeFrom(Subscription[] subs, Subscription s) {
        for (int i = 0; i < subs.length; i++) {
            if (subs[i] == s) {
                if (subs.length == 1) {
                    return null; // removes the map entry
                }
                Subscription[] copy = new Subscription[subs.length - 1];
                System.arraycopy(subs, 0, copy, 0, i);
                System.arraycopy(subs, i + 1, copy, i, subs.length - i - 1);
                return copy;
            }
        }
        return subs.length == 0 ? NONE : subs;
    }

    private DeliveryLane lane(EventExecutor executor) {
        DeliveryLane l = lanes.get(executor);
        return l != null ? l : lanes.computeIfAbsent(executor, e -> new DeliveryLane(e, stats));
    }

    // ---- publishing ----

    /**
     * Publishes on the topic of that name (a system topic is created on first use). Returns the event's
     * seq. Lock-free; with no subscribers it allocates nothing after the topic exists. Deliveries happen
     * later, on the subscribers' event loops.
     */
    public long publish(String topic, Object payload) {
        Topic t = topics.get(topic);
        if (t == null) {
            t = topicOrSystem(topic);
        }
        return t.publish(payload);
    }

    /** Publishes on this topic; returns the seq, or {@link Topic#DESTROYED}. */
    public long publish(Topic topic, Object payload) {
        return topic.publish(payload);
    }

    /** True if the topic exists and has at least one subscription. */
    public boolean hasSubscribers(String topic) {
        Topic t = topics.get(topic);
        return t != null && t.hasSubscribers();
    }

    public RouterStats stats() {
        return stats;
    }

    long publishedCount() {
        long n = destroyedTopicsPublished.sum();
        for (Topic t : topics.values()) {
            n += t.lastSeq();
        }
        return n;
    }

    /** True when every event loop's lane has delivered and flushed everything handed to it (tests). */
    boolean deliveriesIdle() {
        for (DeliveryLane l : lanes.values()) {
            if (!l.idle()) {
                return false;
            }
        }
        return true;
    }

    int topicCount() {
        return topics.size();
    }

    int subscriptionCount() {
        return subscriptionCount.get();
    }
}

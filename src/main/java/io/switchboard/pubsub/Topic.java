package io.switchboard.pubsub;

import io.netty.util.concurrent.EventExecutor;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.RejectedExecutionException;

/**
 * A topic: metadata (kind, owner, permission bits; the router stores them, the WebSocket layers decide),
 * the copy-on-write subscriber snapshot, and the ordered hand-off that assigns seq numbers.
 *
 * <h2>Ordering without locks</h2>
 * Publishers append nodes to a linked list whose tail is advanced by CAS (as in Michael and Scott's
 * queue). A node's seq is computed from its predecessor before the CAS that links it, so list order and
 * seq order are the same thing and no seq is assigned twice or skipped. The publisher that wins a CAS on
 * {@code draining} dispatches every linked node in list order; the others return at once, their node being
 * picked up by the current drainer (which re-checks the list after letting go of {@code draining}, so no
 * node is stranded). No publisher ever waits for another: a CAS fails only because another one succeeded.
 * A drainer dispatches at most {@code DRAIN_BUDGET} nodes itself and hands the rest, with the role, to a
 * task on a subscriber's event loop, so no publisher is kept busy by the others. A subscribing thread
 * dispatches markers only and hands events to such a task ({@link #drainMarkers}).
 * Dispatch hands one {@link DeliveryBatch} per event loop to that loop's {@link DeliveryLane}, which runs
 * batches in the order it received them, so every subscriber sees a topic's events in seq order.
 *
 * <h2>Publishing with no subscribers</h2>
 * A topic without subscribers counts the event on the tail node ({@code skipped}, one CAS) and allocates
 * nothing. The next linked node takes its seq after the skipped ones. Subscribing appends a marker node
 * that first closes the tail's counter, so an event counted that way is always ordered before the new
 * subscription's {@code startSeq}; a publisher that raced with the subscribe fails its CAS, re-reads the
 * (now non-empty) snapshot and links a real node.
 */
public final class Topic {
    /** Returned by publish on a destroyed topic. */
    public static final long DESTROYED = -1L;

    private static final VarHandle TAIL;
    private static final VarHandle DRAINING;
    private static final VarHandle SNAPSHOT;
    /** Nodes one drainer dispatches before it hands the rest to an event loop. */
    private static final int DRAIN_BUDGET = 256;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            TAIL = l.findVarHandle(Topic.class, "tail", Node.class);
            DRAINING = l.findVarHandle(Topic.class, "draining", int.class);
            SNAPSHOT = l.findVarHandle(Topic.class, "snapshot", SubscriberSnapshot.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String name;
    private final TopicKind kind;
    private final String owner;
    private final int permission;
    private final RouterStats stats;

    private volatile SubscriberSnapshot snapshot = SubscriberSnapshot.EMPTY;
    private volatile Node tail;
    /** Last dispatched node; written only by the thread holding {@code draining}. */
    private volatile Node head;
    private volatile int draining;

    Topic(String name, TopicKind kind, String owner, int permission, RouterStats stats) {
        this.name = name;
        this.kind = kind;
        this.owner = owner;
        this.permission = permission;
        this.stats = stats;
        Node sentinel = new Node(null, null);
        this.head = sentinel;
        this.tail = sentinel;
    }

    public String name() {
        return name;
    }

    public TopicKind kind() {
        return kind;
    }

    /** The creating user's reference id for custom topics; null for system topics. */
    public String owner() {
        return owner;
    }

    /** Permission bits of a custom topic (0 for system topics); interpreted by the WebSocket layers. */
    public int permission() {
        return permission;
    }

    /** The last seq assigned on this topic (0 before the first publish). */
    public long lastSeq() {
        Node t = tail;
        return t.seq + Node.count(t.skipped);
    }

    public int subscriberCount() {
        return snapshot.size;
    }

    public boolean hasSubscribers() {
        return snapshot.size != 0;
    }

    public boolean isDestroyed() {
        return snapshot == SubscriberSnapshot.DESTROYED;
    }

    /** Publishes directly on this topic; returns the assigned seq or {@link #DESTROYED}. */
    long publish(Object payload) {
        for (;;) {
            Node t = tail;
            long skipped = t.skipped;
            SubscriberSnapshot snap = snapshot;
            if (snap == SubscriberSnapshot.DESTROYED) {
                return DESTROYED;
            }
            if (!snap.isEmpty() || Node.isClosed(skipped)) {
                break;
            }
            // No subscribers: count the event on the tail, allocate nothing. Reading the tail before the
            // snapshot matters: a subscribe publishes its snapshot before closing this counter.
            if (t.casSkipped(skipped, skipped + 1)) {
                return t.seq + skipped + 1;
            }
        }
        Node n = new Node(payload, null);
        long seq = append(n);
        drain();
        return seq;
    }

    /** Links {@code n} at the tail and gives it its seq; lock-free. */
    private long append(Node n) {
        boolean event = n.marker == null;
        for (;;) {
            Node t = tail;
            Node next = t.next;
            if (next != null) {
                TAIL.compareAndSet(this, t, next); // help a publisher that linked but did not advance yet
                continue;
            }
            long skipped = t.skipped;
            if (!Node.isClosed(skipped) && !t.casSkipped(skipped, Node.close(skipped))) {
                continue;
            }
            // Whoever links after t uses the same closed count, so the seq is the same for any winner.
            n.seq = t.seq + Node.count(skipped) + (event ? 1 : 0);
            if (t.casNext(n)) {
                TAIL.compareAndSet(this, t, n);
                return n.seq;
            }
        }
    }

    /**
     * Dispatches linked nodes in order if no other thread is doing it. The drainer re-checks after
     * letting go so that a node linked while it was finishing is never left behind.
     */
    private void drain() {
        while (DRAINING.compareAndSet(this, 0, 1)) {
            if (drainHeld()) {
                return; // a continuation on an event loop holds the role now
            }
            if (head.next == null) {
                return;
            }
        }
    }

    /**
     * Dispatches with the draining role held. After {@link #DRAIN_BUDGET} nodes, if more are linked, it
     * passes the role (still held) to a continuation task on a subscriber's event loop, so a publisher
     * never does unbounded work for others; returns true in that case, otherwise releases the role.
     */
    private boolean drainHeld() {
        Node h = head;
        try {
            int budget = DRAIN_BUDGET;
            for (Node n = h.next; n != null; n = n.next) {
                if (--budget < 0) {
                    EventExecutor continuation = continuationExecutor();
                    if (continuation != null) {
                        head = h;
                        try {
                            continuation.execute(this::continueDraining);
                            return true;
                        } catch (RejectedExecutionException e) {
                            // that loop is shutting down: keep going here
                        }
                    }
                    budget = DRAIN_BUDGET;
                }
                dispatch(n);
                h = n;
            }
        } catch (Throwable t) {
            head = h;
            draining = 0;
            throw t;
        }
        head = h;
        draining = 0;
        return false;
    }

    private void continueDraining() {
        if (!drainHeld() && head.next != null) {
            drain();
        }
    }

    /** Any subscriber's event loop, or null when there are none (dispatch then costs nearly nothing). */
    private EventExecutor continuationExecutor() {
        SubscriberSnapshot.Group[] groups = snapshot.groups;
        return groups.length == 0 ? null : groups[0].executor;
    }

    /** True while linked events or markers wait for dispatch (tests pace publishers with it). */
    boolean dispatchPending() {
        return head.next != null;
    }

    /** True when nothing waits for dispatch and no drainer (or drain continuation) is active. */
    boolean dispatchIdle() {
        return draining == 0 && head.next == null;
    }

    private void dispatch(Node n) {
        Subscription marker = n.marker;
        if (marker != null) {
            marker.startSeq = n.seq;
            n.marker = null;
            return;
        }
        Object payload = n.payload;
        n.payload = null;
        SubscriberSnapshot snap = snapshot;
        SubscriberSnapshot.Group[] groups = snap.groups;
        if (groups.length == 0) {
            return;
        }
        stats.dispatched.increment();
        SharedEvent shared = new SharedEvent(name, n.seq, payload, groups.length, stats);
        for (SubscriberSnapshot.Group g : groups) {
            g.lane.offer(new DeliveryBatch(new RoutedEvent(shared), g.subs, stats));
        }
    }

    /** Adds {@code s} and gives it its start seq; false if the topic was destroyed. */
    boolean add(Subscription s) {
        for (;;) {
            SubscriberSnapshot cur = snapshot;
            if (cur == SubscriberSnapshot.DESTROYED) {
                return false;
            }
            if (SNAPSHOT.compareAndSet(this, cur, cur.with(s))) {
                break;
            }
        }
        // The marker orders the subscription among the events: everything linked after it sees the new
        // snapshot. The drainer sets startSeq when it passes the marker, before any later event's batch.
        Node marker = new Node(null, s);
        long start = append(marker);
        s.startSeq = start;
        drainMarkers();
        return true;
    }

    /**
     * A subscriber's share of the dispatching: the markers at the front of the list, never events. If it
     * finds an event waiting, that event's publisher saw the role taken and counts on the holder, so the
     * role goes, still held, to a continuation on a subscriber's event loop, as after a drain budget.
     * Why not dispatch the events itself: a thread that subscribes in a burst (connections arriving,
     * a client re-subscribing) would then do the publishers' fan-out, and every time it is descheduled
     * while holding the role no event of the topic is dispatched at all. On a busy machine that stalled
     * every publisher behind the subscribing thread.
     */
    private void drainMarkers() {
        while (DRAINING.compareAndSet(this, 0, 1)) {
            Node h = head;
            Node n;
            try {
                while ((n = h.next) != null && n.marker != null) {
                    dispatch(n);
                    h = n;
                }
            } catch (Throwable t) {
                head = h;
                draining = 0;
                throw t;
            }
            head = h;
            if (n != null && handOff()) {
                return;
            }
            if (n != null && drainHeld()) {
                return; // no loop to take it (shutting down): dispatch here after all
            }
            if (n == null) {
                draining = 0;
            }
            if (head.next == null) {
                return;
            }
        }
    }

    /** Passes the held draining role to a continuation on a subscriber's event loop; false if none takes it. */
    private boolean handOff() {
        EventExecutor continuation = continuationExecutor();
        if (continuation == null) {
            return false;
        }
        try {
            continuation.execute(this::continueDraining);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** Removes {@code s} from the snapshot (no-op if absent). */
    void remove(Subscription s) {
        for (;;) {
            SubscriberSnapshot cur = snapshot;
            SubscriberSnapshot next = cur.without(s);
            if (next == cur || SNAPSHOT.compareAndSet(this, cur, next)) {
                return;
            }
        }
    }

    /** Marks the topic destroyed and returns the subscriptions it had. */
    Subscription[] destroy() {
        SubscriberSnapshot old = (SubscriberSnapshot) SNAPSHOT.getAndSet(this, SubscriberSnapshot.DESTROYED);
        return old == SubscriberSnapshot.DESTROYED ? new Subscription[0] : old.all();
    }

    @Override
    public String toString() {
        return "Topic[" + name + ", " + kind + ", seq=" + lastSeq() + ", subscribers=" + subscriberCount() + "]";
    }

    /** A list node: an event to dispatch, or a subscription's marker. */
    static final class Node {
        private static final long CLOSED = Long.MIN_VALUE;
        private static final VarHandle NEXT;
        private static final VarHandle SKIPPED;

        static {
            try {
                MethodHandles.Lookup l = MethodHandles.lookup();
                NEXT = l.findVarHandle(Node.class, "next", Node.class);
                SKIPPED = l.findVarHandle(Node.class, "skipped", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        /** Written before the CAS that links the node; read after reading the link. */
        long seq;
        Object payload;
        Subscription marker;
        volatile Node next;
        /** Events published after this node while nobody was subscribed; CLOSED once a node is linked. */
        volatile long skipped;

        Node(Object payload, Subscription marker) {
            this.payload = payload;
            this.marker = marker;
        }

        static boolean isClosed(long skipped) {
            return skipped < 0;
        }

        static long close(long skipped) {
            return skipped | CLOSED;
        }

        static long count(long skipped) {
            return skipped & ~CLOSED;
        }

        boolean casSkipped(long expect, long update) {
            return SKIPPED.compareAndSet(this, expect, update);
        }

        boolean casNext(Node n) {
            return NEXT.compareAndSet(this, null, n);
        }
    }
}

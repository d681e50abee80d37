package io.switchboard.pubsub;

/**
 * The router's record of one endpoint: its current subscriptions (all topics) and the {@link FlushMark}
 * they share. Replaced by a fresh record when the endpoint's last subscription ends, so a record whose
 * list is empty is never reused.
 *
 * <p>Threads: {@code subs} is replaced (never mutated) only inside the router's per-endpoint map update,
 * which serializes the changes of one endpoint; anyone may read it. {@link SubscriberSnapshot} reads it
 * to place a new subscription next to its endpoint's others without looking at every subscription of
 * the topic.
 */
final class EndpointSubscriptions {
    private static final Subscription[] NONE = new Subscription[0];

    final FlushMark flushMark;
    volatile Subscription[] subs = NONE;

    EndpointSubscriptions(SubscriberEndpoint endpoint) {
        this.flushMark = new FlushMark(endpoint);
    }

    /** Adds {@code s}; call inside the map update for this endpoint. */
    void add(Subscription s) {
        Subscription[] cur = subs;
        Subscription[] copy = new Subscription[cur.length + 1];
        System.arraycopy(cur, 0, copy, 0, cur.length);
        copy[cur.length] = s;
        subs = copy;
    }

    /** Removes {@code s} if present; returns true when no subscription is left. Call inside the map update. */
    boolean remove(Subscription s) {
        Subscription[] cur = subs;
        for (int i = 0; i < cur.length; i++) {
            if (cur[i] == s) {
                Subscription[] copy = new Subscription[cur.length - 1];
                System.arraycopy(cur, 0, copy, 0, i);
                System.arraycopy(cur, i + 1, copy, i, cur.length - i - 1);
                subs = copy;
                return copy.length == 0;
            }
        }
        return cur.length == 0;
    }
}

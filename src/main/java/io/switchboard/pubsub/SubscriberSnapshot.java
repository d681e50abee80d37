package io.switchboard.pubsub;

import io.netty.util.concurrent.EventExecutor;

import java.util.Arrays;

/**
 * An immutable copy-on-write view of a topic's subscriptions, grouped by event loop (one {@link DeliveryLane}
 * each) so a publish becomes one batch per loop. Within a group, subscriptions of the same endpoint are adjacent so the batch can
 * flush each endpoint once.
 */
final class SubscriberSnapshot {
    static final SubscriberSnapshot EMPTY = new SubscriberSnapshot(new Group[0], 0);
    /** Installed when a topic is destroyed; subscribe refuses it. */
    static final SubscriberSnapshot DESTROYED = new SubscriberSnapshot(new Group[0], 0);

    final Group[] groups;
    final int size;

    private SubscriberSnapshot(Group[] groups, int size) {
        this.groups = groups;
        this.size = size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    SubscriberSnapshot with(Subscription s) {
        DeliveryLane lane = s.lane;
        for (int g = 0; g < groups.length; g++) {
            if (groups[g].lane == lane) {
                Group[] copy = groups.clone();
                copy[g] = groups[g].with(s);
                return new SubscriberSnapshot(copy, size + 1);
            }
        }
        Group[] copy = Arrays.copyOf(groups, groups.length + 1);
        copy[groups.length] = new Group(lane, new Subscription[] {s});
        return new SubscriberSnapshot(copy, size + 1);
    }

    /** Returns this snapshot when {@code s} is not in it. */
    SubscriberSnapshot without(Subscription s) {
        DeliveryLane lane = s.lane;
        for (int g = 0; g < groups.length; g++) {
            Group group = groups[g];
            if (group.lane != lane) {
                continue;
            }
            int i = group.indexOf(s);
            if (i < 0) {
                return this;
            }
            if (group.subs.length == 1) {
                Group[] copy = new Group[groups.length - 1];
                System.arraycopy(groups, 0, copy, 0, g);
                System.arraycopy(groups, g + 1, copy, g, groups.length - g - 1);
                return size == 1 ? EMPTY : new SubscriberSnapshot(copy, size - 1);
            }
            Group[] copy = groups.clone();
            copy[g] = group.without(i);
            return new SubscriberSnapshot(copy, size - 1);
        }
        return this;
    }

    Subscription[] all() {
        Subscription[] out = new Subscription[size];
        int n = 0;
        for (Group g : groups) {
            System.arraycopy(g.subs, 0, out, n, g.subs.length);
            n += g.subs.length;
        }
        return out;
    }

    static final class Group {
        final DeliveryLane lane;
        final EventExecutor executor;
        final Subscription[] subs;

        Group(DeliveryLane lane, Subscription[] subs) {
            this.lane = lane;
            this.executor = lane.executor;
            this.subs = subs;
        }

        Group with(Subscription s) {
            int at = subs.length;
            for (int i = subs.length - 1; i >= 0; i--) {
                if (subs[i].endpoint == s.endpoint) {
                    at = i + 1;
                    break;
                }
            }
            Subscription[] copy = new Subscription[subs.length + 1];
            System.arraycopy(subs, 0, copy, 0, at);
            copy[at] = s;
            System.arraycopy(subs, at, copy, at + 1, subs.length - at);
            return new Group(lane, copy);
        }

        int indexOf(Subscription s) {
            for (int i = 0; i < subs.length; i++) {
                if (subs[i] == s) {
                    return i;
                }
            }
            return -1;
        }

        Group without(int i) {
            Subscription[] copy = new Subscription[subs.length - 1];
            System.arraycopy(subs, 0, copy, 0, i);
            System.arraycopy(subs, i + 1, copy, i, subs.length - i - 1);
            return new Group(lane, copy);
        }
    }
}

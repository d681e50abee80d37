package io.switchboard.bench;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.EventExecutor;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The baseline the router is measured against: what a straightforward implementation looks like.
 * ConcurrentHashMap of topics, a CopyOnWriteArrayList of subscribers per topic, a lock per topic that
 * publish holds to keep seq order, the event encoded once per publish (not per subscriber: that would be
 * a straw man), and one task per subscriber that writes and flushes.
 */
public final class NaiveTopicRouter {

    public interface Endpoint {
        EventExecutor executor();

        void write(long seq, ByteBuf frame);

        void flush();
    }

    public static final class Sub {
        final Endpoint endpoint;
        final Predicate<Object> filter;

        Sub(Endpoint endpoint, Predicate<Object> filter) {
            this.endpoint = endpoint;
            this.filter = filter;
        }
    }

    private static final class NaiveTopic {
        final ReentrantLock lock = new ReentrantLock();
        final CopyOnWriteArrayList<Sub> subs = new CopyOnWriteArrayList<>();
        long seq;
    }

    private final ConcurrentHashMap<String, NaiveTopic> topics = new ConcurrentHashMap<>();

    public Sub subscribe(String topic, Endpoint endpoint, Predicate<Object> filter) {
        NaiveTopic t = topics.computeIfAbsent(topic, k -> new NaiveTopic());
        Sub s = new Sub(endpoint, filter);
        t.lock.lock();
        try {
            t.subs.add(s);
        } finally {
            t.lock.unlock();
        }
        return s;
    }

    public void unsubscribe(String topic, Sub s) {
        NaiveTopic t = topics.get(topic);
        if (t == null) {
            return;
        }
        t.lock.lock();
        try {
            t.subs.remove(s);
        } finally {
            t.lock.unlock();
        }
    }

    public long publish(String topic, Object payload, Function<Object, ByteBuf> encoder) {
        NaiveTopic t = topics.computeIfAbsent(topic, k -> new NaiveTopic());
        t.lock.lock();
        try {
            long seq = ++t.seq;
            if (t.subs.isEmpty()) {
                return seq;
            }
            ByteBuf frame = encoder.apply(payload);
            try {
                for (Sub s : t.subs) {
                    ByteBuf dup = frame.retainedDuplicate();
                    s.endpoint.executor().execute(() -> {
                        if (s.filter == null || s.filter.test(payload)) {
                            s.endpoint.write(seq, dup);
                            s.endpoint.flush();
                        } else {
                            dup.release();
                        }
                    });
                }
            } finally {
                frame.release();
            }
            return seq;
        } finally {
            t.lock.unlock();
        }
    }
}

package io.switchboard.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.switchboard.pubsub.EncodingKey;
import io.switchboard.pubsub.PreEncodedFrames;
import io.switchboard.pubsub.Subscription;
import io.switchboard.pubsub.TopicRouter;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/** Subscribers, event loops and both routers, shared by the benchmarks. */
final class BenchFixture {
    static final String TOPIC = "user_account";
    /** A row change as the /live dialect sends it, about 300 bytes. */
    static final String PAYLOAD = "{\"MessageSource\":\"database\",\"EventType\":\"update\",\"ObjectType\":\"user_account\","
            + "\"EventData\":{\"__type\":\"user_account\",\"reference_id\":\"6f1c2d3e-4b5a-6978-8a9b-0c1d2e3f4a5b\","
            + "\"created_at\":\"2026-11-22T10:00:00Z\",\"updated_at\":\"2026-11-22T10:00:01Z\",\"email\":\"someone@example.com\","
            + "\"name\":\"Someone\",\"status\":\"active\",\"confirmed\":true}}";
    /**
     * In-flight publishes allowed when deliveries run on event loops (keeps queues bounded). The system
     * property {@code bench.window} overrides it for experiments (pass it with {@code -jvmArgsPrepend}:
     * {@code -jvmArgsAppend} would replace the forks' heap flags).
     */
    static final int WINDOW = Integer.getInteger("bench.window", 16);
    /** How long the publishing thread sleeps when the window is full ({@code wait=park}). */
    static final long PARK_NANOS = 20_000;

    final boolean inline;
    /** True: a publisher waiting for the window sleeps; false: it spins (the harness of sessions 1-2). */
    final boolean park;
    final EventLoopGroup group;
    final EventExecutor[] loops;
    final TopicRouter router = new TopicRouter();
    final NaiveTopicRouter naive = new NaiveTopicRouter();
    final EncodingKey key = EncodingKey.of((event, k) -> PreEncodedFrames.text(ByteBufAllocator.DEFAULT, (String) event.payload()));
    final Function<Object, ByteBuf> naiveEncoder = payload -> PreEncodedFrames.text(ByteBufAllocator.DEFAULT, (String) payload);
    final boolean useRouter;
    final BenchEndpoint[] endpoints;
    final Subscription[] subscriptions;
    final NaiveTopicRouter.Sub[] naiveSubs;
    final BenchEndpoint[] sentinels;
    /** Thread ids of the event loops (empty inline), for their CPU time. */
    private final long[] loopThreads;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    BenchFixture(String impl, String executor, int subscribers) {
        this(impl, executor, subscribers, "park", "epoll");
    }

    /**
     * @param transport {@code epoll}: the event loops the server runs on where the native transport
     *     loads ({@link io.switchboard.net.EventLoops}); {@code nio}: the JDK selector (the harness of
     *     sessions 1-3, and the server's fallback)
     */
    BenchFixture(String impl, String executor, int subscribers, String waitMode, String transport) {
        park = switch (waitMode) {
            case "park" -> true;
            case "spin" -> false;
            default -> throw new IllegalArgumentException(waitMode);
        };
        useRouter = switch (impl) {
            case "router" -> true;
            case "naive" -> false;
            default -> throw new IllegalArgumentException(impl);
        };
        inline = switch (executor) {
            case "inline" -> true;
            case "loops" -> false;
            default -> throw new IllegalArgumentException(executor);
        };
        if (inline) {
            group = null;
            loops = new EventExecutor[] {ImmediateEventExecutor.INSTANCE};
        } else {
            group = new MultiThreadIoEventLoopGroup(2, switch (transport) {
                case "epoll" -> {
                    Epoll.ensureAvailability();
                    yield EpollIoHandler.newFactory();
                }
                case "nio" -> NioIoHandler.newFactory();
                default -> throw new IllegalArgumentException(transport);
            });
            loops = new EventExecutor[] {group.next(), group.next()};
        }
        loopThreads = inline ? new long[0] : loopThreadIds(loops);
        endpoints = new BenchEndpoint[subscribers];
        subscriptions = new Subscription[subscribers];
        naiveSubs = new NaiveTopicRouter.Sub[subscribers];
        for (int i = 0; i < subscribers; i++) {
            endpoints[i] = new BenchEndpoint(loops[i % loops.length]);
            subscribe(i);
        }
        // The last endpoint on each loop runs last in that loop's work for an event: it reports progress.
        int used = Math.min(loops.length, subscribers);
        sentinels = new BenchEndpoint[used];
        for (int l = 0; l < used; l++) {
            int last = -1;
            for (int i = subscribers - 1; i >= 0; i--) {
                if (endpoints[i].executor() == loops[l]) {
                    last = i;
                    break;
                }
            }
            sentinels[l] = endpoints[last];
            sentinels[l].sentinel = true;
        }
    }

    private static long[] loopThreadIds(EventExecutor[] loops) {
        long[] ids = new long[loops.length];
        for (int l = 0; l < loops.length; l++) {
            try {
                ids[l] = loops[l].submit(() -> Thread.currentThread().getId()).get();
            } catch (InterruptedException | ExecutionException e) {
                throw new IllegalStateException(e);
            }
        }
        return ids;
    }

    /**
     * CPU time the event-loop threads have used so far (0 inline). On a shared machine this, divided by
     * the deliveries, is steadier than a wall-clock rate: it does not count the time the loops waited for
     * a core (it still counts cache and memory stalls other processes cause).
     */
    long loopCpuNanos() {
        long sum = 0;
        for (long id : loopThreads) {
            sum += THREADS.getThreadCpuTime(id);
        }
        return sum;
    }

    void subscribe(int i) {
        if (useRouter) {
            subscriptions[i] = router.subscribe(TOPIC, endpoints[i], null, key);
        } else {
            naiveSubs[i] = naive.subscribe(TOPIC, endpoints[i], null);
        }
    }

    void unsubscribe(int i) {
        if (useRouter) {
            router.unsubscribe(subscriptions[i]);
        } else {
            naive.unsubscribe(TOPIC, naiveSubs[i]);
        }
    }

    long publish() {
        long seq = useRouter ? router.publish(TOPIC, PAYLOAD) : naive.publish(TOPIC, PAYLOAD, naiveEncoder);
        if (!inline) {
            // Deliveries run on the event loops: wait when they are more than WINDOW events behind. Sleeping
            // rather than spinning leaves the cores to the threads that have work (on 2 cores, a spinning
            // publisher took the event loops' CPU and the figure measured the scheduler); a publisher in the
            // server is a request on an event loop, which never busy-waits for its subscribers either.
            for (BenchEndpoint s : sentinels) {
                while (s.lastSeq < seq - WINDOW) {
                    if (park) {
                        LockSupport.parkNanos(PARK_NANOS);
                    } else {
                        Thread.onSpinWait();
                    }
                }
            }
        }
        return seq;
    }

    void close() {
        if (group != null) {
            for (EventExecutor loop : loops) {
                loop.submit(() -> { }).syncUninterruptibly();
            }
        }
        for (BenchEndpoint e : endpoints) {
            if (group == null) {
                e.releaseAll();
            } else {
                e.executor().submit(e::releaseAll).syncUninterruptibly();
            }
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}

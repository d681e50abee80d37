package io.switchboard.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.openjdk.jmh.infra.BenchmarkParams;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Publish while another thread churns subscriptions (unsubscribe one, subscribe it again: the count stays
 * at N), deliveries on 2 NIO event loops. Counters: {@code deliveries} (subscriber-deliveries/s of the
 * publishing thread, at most {@link BenchFixture#WINDOW} publishes in flight) and {@code churnOps}
 * (unsubscribe+subscribe pairs/s). The endpoints that report progress are never churned.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Group)
public class RouterChurnBenchmark {

    @Param({"router", "naive"})
    public String impl;

    @Param({"1000"})
    public int subscribers;

    /**
     * Event loops only: with inline delivery the churn thread, when it holds the router's draining role,
     * would run other threads' deliveries and the per-thread counts would mean nothing.
     */
    @Param({"loops"})
    public String executor;

    /**
     * How the publishing thread waits when {@link BenchFixture#WINDOW} publishes are in flight on event loops:
     * {@code park} (sleep {@link BenchFixture#PARK_NANOS}) or {@code spin} (the session-1/2 harness).
     */
    @Param({"park"})
    public String waitMode;

    /** Event-loop transport with {@code executor=loops}: {@code epoll} (what the server uses) or {@code nio}. */
    @Param({"epoll"})
    public String transport;

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    /** The trial's fixture, for the per-thread CPU states (one trial at a time per forked JVM). */
    private static volatile BenchFixture current;

    private BenchFixture fixture;

    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class PublishCounters {
        public long deliveries;

        @Setup(Level.Iteration)
        public void reset() {
            deliveries = 0;
        }
    }

    /**
     * CPU per unit of work, per iteration (not rates: steadier than the wall clock on a shared machine).
     * {@code loopNsPerDelivery}: CPU time of both event-loop threads per subscriber-delivery;
     * {@code publisherNsPerDelivery}: the publishing thread's. Each iteration also prints a
     * {@code CHURN-CPU} line with the raw figures. JMH adds up {@code EVENTS} counters over all measurement
     * iterations of all forks, so each iteration contributes its figure divided by their number: the
     * printed counter is the mean per iteration.
     */
    @AuxCounters(AuxCounters.Type.EVENTS)
    @State(Scope.Thread)
    public static class PublishCpu {
        public double loopNsPerDelivery;
        public double publisherNsPerDelivery;
        long deliveries;
        private long loopStart;
        private long ownStart;

        @Setup(Level.Iteration)
        public void start() {
            deliveries = 0;
            loopStart = current.loopCpuNanos();
            ownStart = CPU.getCurrentThreadCpuTime();
        }

        @TearDown(Level.Iteration)
        public void stop(BenchmarkParams benchmark) {
            long loops = current.loopCpuNanos() - loopStart;
            long own = CPU.getCurrentThreadCpuTime() - ownStart;
            double loopNs = deliveries == 0 ? 0 : (double) loops / deliveries;
            double ownNs = deliveries == 0 ? 0 : (double) own / deliveries;
            int n = measured(benchmark);
            loopNsPerDelivery = loopNs / n;
            publisherNsPerDelivery = ownNs / n;
            System.out.printf("CHURN-CPU impl=%s waitMode=%s deliveries=%d loop_cpu_ns=%d publisher_cpu_ns=%d loop_ns_per_delivery=%.2f%n",
                    benchmark.getParam("impl"), benchmark.getParam("waitMode"), deliveries, loops, own, loopNs);
        }
    }

    /** CPU time of the churning thread per unsubscribe+subscribe pair, per iteration. */
    @AuxCounters(AuxCounters.Type.EVENTS)
    @State(Scope.Thread)
    public static class ChurnCpu {
        public double churnNsPerOp;
        long ops;
        private long ownStart;

        @Setup(Level.Iteration)
        public void start() {
            ops = 0;
            ownStart = CPU.getCurrentThreadCpuTime();
        }

        @TearDown(Level.Iteration)
        public void stop(BenchmarkParams benchmark) {
            long own = CPU.getCurrentThreadCpuTime() - ownStart;
            churnNsPerOp = ops == 0 ? 0 : (double) own / ops / measured(benchmark);
        }
    }

    /** Measurement iterations over all forks: what JMH sums an {@code EVENTS} counter over. */
    static int measured(BenchmarkParams benchmark) {
        return Math.max(1, benchmark.getMeasurement().getCount()) * Math.max(1, benchmark.getForks());
    }

    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class ChurnCounters {
        public long churnOps;
        final SplittableRandom random = new SplittableRandom(42);

        @Setup(Level.Iteration)
        public void reset() {
            churnOps = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        fixture = new BenchFixture(impl, executor, subscribers, waitMode, transport);
        current = fixture;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        fixture.close();
    }

    @Benchmark
    @Group("churn")
    @GroupThreads(1)
    public long publish(PublishCounters counters, PublishCpu cpu) {
        long seq = fixture.publish();
        counters.deliveries += subscribers; // the count is constant under churn, give or take one
        cpu.deliveries += subscribers;
        return seq;
    }

    @Benchmark
    @Group("churn")
    @GroupThreads(1)
    public void churn(ChurnCounters counters, ChurnCpu cpu) {
        int i = counters.random.nextInt(subscribers);
        if (fixture.endpoints[i].sentinel) {
            return;
        }
        fixture.unsubscribe(i);
        fixture.subscribe(i);
        counters.churnOps++;
        cpu.ops++;
    }
}

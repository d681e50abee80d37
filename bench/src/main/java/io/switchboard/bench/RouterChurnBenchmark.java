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
        fixture = new BenchFixture(impl, executor, subscribers, waitMode);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        fixture.close();
    }

    @Benchmark
    @Group("churn")
    @GroupThreads(1)
    public long publish(PublishCounters counters) {
        long seq = fixture.publish();
        counters.deliveries += subscribers; // the count is constant under churn, give or take one
        return seq;
    }

    @Benchmark
    @Group("churn")
    @GroupThreads(1)
    public void churn(ChurnCounters counters) {
        int i = counters.random.nextInt(subscribers);
        if (fixture.endpoints[i].sentinel) {
            return;
        }
        fixture.unsubscribe(i);
        fixture.subscribe(i);
        counters.churnOps++;
    }
}

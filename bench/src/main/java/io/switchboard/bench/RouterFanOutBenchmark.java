package io.switchboard.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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

import java.util.concurrent.TimeUnit;

/**
 * Publish one event to N subscribers; the score is publishes/s, the {@code deliveries} counter is
 * subscriber-deliveries/s (a delivery = hand-off of the shared encoded frame into the endpoint's
 * outbound queue, no socket).
 *
 * <ul>
 *   <li>{@code executor=inline}: endpoints run on {@link io.netty.util.concurrent.ImmediateEventExecutor},
 *   so the whole fan-out runs on the benchmark thread: deliveries/s per core.</li>
 *   <li>{@code executor=loops}: endpoints spread over 2 real NIO event loops; the benchmark thread keeps at
 *   most {@link BenchFixture#WINDOW} publishes in flight. Includes the cost of handing work to the loops
 *   (one task per publish per loop for the router, one per subscriber for the baseline).</li>
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Thread)
public class RouterFanOutBenchmark {

    @Param({"router", "naive"})
    public String impl;

    @Param({"1", "100", "10000"})
    public int subscribers;

    @Param({"inline", "loops"})
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

    private BenchFixture fixture;

    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Counters {
        public long deliveries;

        @Setup(Level.Iteration)
        public void reset() {
            deliveries = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        fixture = new BenchFixture(impl, executor, subscribers, waitMode, transport);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        fixture.close();
    }

    @Benchmark
    public long publish(Counters counters, CpuNormalizedRate cpu) {
        long seq = fixture.publish();
        counters.deliveries += subscribers;
        cpu.deliveries += subscribers;
        return seq;
    }
}

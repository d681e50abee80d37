package io.switchboard.bench;

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

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The cost of churn alone: one thread unsubscribes a random subscriber of the topic and subscribes it
 * again (the count stays at N), nothing is published. Single-threaded, so ns/op (and {@code -prof gc}'s
 * B/op) barely depend on what else the machine runs. Subscribers are spread over 2 idle event loops as in
 * the churn benchmark.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Thread)
public class RouterSubscribeBenchmark {

    @Param({"router", "naive"})
    public String impl;

    @Param({"1000", "10000"})
    public int subscribers;

    private BenchFixture fixture;
    private final SplittableRandom random = new SplittableRandom(42);

    @Setup(Level.Trial)
    public void setUp() {
        fixture = new BenchFixture(impl, "loops", subscribers);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        fixture.close();
    }

    @Benchmark
    public int unsubscribeAndSubscribe() {
        int i = random.nextInt(subscribers);
        fixture.unsubscribe(i);
        fixture.subscribe(i);
        return i;
    }
}

package io.switchboard.bench;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

import com.sun.management.OperatingSystemMXBean;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Deliveries per CPU-second of the benchmark thread, per measurement iteration. With
 * {@code executor=inline} the whole fan-out runs on that thread, so this is deliveries per core-second
 * whatever else the (shared) machine is doing; the JMH score, wall-clock based, is not. Printed as one
 * {@code CPU-NORM} line per iteration (the forked JVM's output appears in the JMH log);
 * {@code bench/fanout/jmh_cpu_norm.py} turns them into a mean and a 99.9 % confidence interval.
 * GC threads' time is not in that figure (allocation is paid on this thread, collection elsewhere), so
 * each line also gives deliveries per CPU-second of the whole JVM ({@code deliveries_per_process_cpu_s}):
 * the benchmark thread plus garbage collection, G1's concurrent card refinement and the JIT. With
 * {@code executor=inline} nothing else runs in the fork, so that is the figure a core of the machine
 * yields, collector included.
 */
@State(Scope.Thread)
public class CpuNormalizedRate {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final OperatingSystemMXBean PROCESS =
            ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class);
    long deliveries;
    private long cpuStart;
    private long processStart;
    private long wallStart;
    private boolean measuring;

    @Setup(Level.Iteration)
    public void start(IterationParams iteration) {
        measuring = iteration.getType() == IterationType.MEASUREMENT;
        deliveries = 0;
        cpuStart = THREADS.getCurrentThreadCpuTime();
        processStart = PROCESS.getProcessCpuTime();
        wallStart = System.nanoTime();
    }

    @TearDown(Level.Iteration)
    public void stop(BenchmarkParams benchmark) {
        long cpu = THREADS.getCurrentThreadCpuTime() - cpuStart;
        long process = PROCESS.getProcessCpuTime() - processStart;
        long wall = System.nanoTime() - wallStart;
        if (measuring && cpu > 0) {
            StringBuilder params = new StringBuilder();
            for (String key : benchmark.getParamsKeys()) {
                params.append(' ').append(key).append('=').append(benchmark.getParam(key));
            }
            System.out.printf("CPU-NORM %s%s deliveries_per_cpu_s=%.0f cpu_share=%.3f deliveries_per_process_cpu_s=%.0f%n",
                    benchmark.getBenchmark(), params, deliveries * 1e9 / cpu, (double) cpu / wall,
                    process > 0 ? deliveries * 1e9 / process : 0.0);
        }
    }
}

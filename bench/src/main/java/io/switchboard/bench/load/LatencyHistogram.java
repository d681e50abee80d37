package io.switchboard.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * A log-linear latency histogram in microseconds (HdrHistogram-like, written here to avoid a dependency):
 * exact below 128 µs, then 64 sub-buckets per power of two, so every recorded value is within 1/64
 * (1.6 %) of its bucket's lower bound. Not thread-safe: one instance per event-loop thread, merged at the end.
 */
public final class LatencyHistogram {
    private static final int SUB_BITS = 7;               // 128 exact buckets below 2^7
    private static final int SUB = 1 << SUB_BITS;
    private static final int HALF = SUB >> 1;             // 64 sub-buckets per power of two above
    private static final int MAX_SHIFT = 40;              // values up to ~2^47 µs
    static final int SIZE = SUB + MAX_SHIFT * HALF;

    private final long[] counts = new long[SIZE];
    private long total;
    private long max;
    private long negative;

    /** Bucket index of a value (µs, ≥ 0). */
    static int index(long v) {
        if (v < SUB) {
            return (int) v;
        }
        int shift = (63 - Long.numberOfLeadingZeros(v)) - (SUB_BITS - 1);   // v >>> shift in [64, 128)
        if (shift > MAX_SHIFT) {
            return SIZE - 1;
        }
        return SUB + (shift - 1) * HALF + (int) ((v >>> shift) - HALF);
    }

    /** Lowest value that maps to a bucket. */
    static long lowerBound(int idx) {
        if (idx < SUB) {
            return idx;
        }
        int rel = idx - SUB;
        int shift = rel / HALF + 1;
        long sub = rel % HALF + HALF;
        return sub << shift;
    }

    /** Highest value that maps to a bucket. */
    static long upperBound(int idx) {
        if (idx < SUB) {
            return idx;
        }
        int shift = (idx - SUB) / HALF + 1;
        return lowerBound(idx) + (1L << shift) - 1;
    }

    public void record(long micros) {
        if (micros < 0) {
            negative++;     // clock step between processes; counted as 0
            micros = 0;
        }
        counts[index(micros)]++;
        total++;
        if (micros > max) {
            max = micros;
        }
    }

    public void add(LatencyHistogram other) {
        for (int i = 0; i < SIZE; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
        max = Math.max(max, other.max);
        negative += other.negative;
    }

    public long total() {
        return total;
    }

    public long max() {
        return max;
    }

    public long negative() {
        return negative;
    }

    /** Value at a percentile (0..100): the midpoint of the bucket holding that rank, capped at the max. */
    public long percentile(double p) {
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(p / 100.0 * total);
        if (rank < 1) {
            rank = 1;
        }
        long seen = 0;
        for (int i = 0; i < SIZE; i++) {
            seen += counts[i];
            if (seen >= rank) {
                long mid = (lowerBound(i) + upperBound(i)) / 2;
                return Math.min(mid, max);
            }
        }
        return max;
    }

    /** Sparse [[index, count], ...] for merging across processes. */
    public ArrayNode toJson() {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < SIZE; i++) {
            if (counts[i] != 0) {
                a.addArray().add(i).add(counts[i]);
            }
        }
        return a;
    }

    public static LatencyHistogram fromJson(JsonNode buckets, long max) {
        LatencyHistogram h = new LatencyHistogram();
        for (JsonNode b : buckets) {
            int i = b.get(0).asInt();
            long c = b.get(1).asLong();
            h.counts[i] += c;
            h.total += c;
        }
        h.max = max;
        return h;
    }
}

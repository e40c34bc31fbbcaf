package io.parley.benchmark;

import java.util.Arrays;

/** The latencies of one phase, in nanoseconds; recorded from many threads, summarised once. */
final class Latencies {

    private long[] values;
    private int count;

    Latencies(int expected) {
        values = new long[Math.max(16, expected)];
    }

    synchronized void record(long nanos) {
        if (count == values.length) {
            values = Arrays.copyOf(values, count * 2);
        }
        values[count++] = nanos;
    }

    synchronized Summary summary() {
        long[] sorted = Arrays.copyOf(values, count);
        Arrays.sort(sorted);
        return new Summary(count, millis(percentile(sorted, 0.50)), millis(percentile(sorted, 0.99)),
                millis(count == 0 ? 0 : sorted[count - 1]));
    }

    /** Nearest rank: the smallest value with at least {@code p} of all values at or below it. */
    private static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static double millis(long nanos) {
        return nanos / 1_000_000.0;
    }

    /** Percentiles in milliseconds. */
    record Summary(int count, double p50, double p99, double max) {
    }
}

package dev.jury.bench.replay;

import java.util.Arrays;

/**
 * Latency samples in microseconds with exact nearest-rank percentiles. A replay records one sample
 * per label (a hundred thousand at most), so keeping them all is cheaper than being approximately
 * right.
 */
final class Latencies {
    private long[] micros = new long[1024];
    private int size;

    void add(long sampleMicros) {
        if (sampleMicros < 0) {
            throw new IllegalArgumentException("a latency cannot be negative: " + sampleMicros);
        }
        if (size == micros.length) {
            micros = Arrays.copyOf(micros, size * 2);
        }
        micros[size++] = sampleMicros;
    }

    int count() {
        return size;
    }

    /**
     * The nearest-rank percentile: the smallest sample with at least {@code p} % of the samples at
     * or below it.
     *
     * @param p in (0, 100]
     * @return the sample in microseconds, or -1 when there are no samples
     */
    long percentile(double p) {
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100]: " + p);
        }
        if (size == 0) {
            return -1;
        }
        long[] sorted = Arrays.copyOf(micros, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * size);
        return sorted[Math.max(rank, 1) - 1];
    }
}

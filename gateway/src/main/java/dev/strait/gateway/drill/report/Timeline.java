package dev.strait.gateway.drill.report;

import dev.strait.gateway.drill.load.CallResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The drill's calls in fixed buckets of {@link #BUCKET} by due time.
 *
 * <p>250 ms buckets: a quarter second resolves failover expectations measured in seconds
 * ("moves away within 1 s") to a useful precision, and at the usual drill rates (100 calls per
 * second and more) a bucket still holds enough calls for its error rate and percentiles to mean
 * something. Rates are still given per second.
 *
 * @param bucketMillis the width of a bucket
 * @param buckets      one per bucket from 0 to the end of the drill (or of the last call), in order
 */
public record Timeline(long bucketMillis, List<Bucket> buckets) {
    public static final Duration BUCKET = Duration.ofMillis(250);

    public Timeline {
        buckets = List.copyOf(buckets);
    }

    /** The timeline of {@code results} over a drill of {@code duration}. */
    public static Timeline of(List<CallResult> results, Duration duration) {
        List<List<CallResult>> grouped = group(results, duration);
        List<Bucket> buckets = new ArrayList<>(grouped.size());
        double seconds = BUCKET.toNanos() / 1e9;
        for (int i = 0; i < grouped.size(); i++) {
            buckets.add(new Bucket(i * BUCKET.toMillis(), Aggregate.of(grouped.get(i), seconds)));
        }
        return new Timeline(BUCKET.toMillis(), buckets);
    }

    /** {@code results} grouped by bucket, one list per bucket from 0 to the end of the drill or of the last call. */
    static List<List<CallResult>> group(List<CallResult> results, Duration duration) {
        long width = BUCKET.toNanos();
        long last = results.stream().mapToLong(CallResult::startNanos).max().orElse(0);
        int count = (int) Math.max(ceilDiv(duration.toNanos(), width), last / width + 1);
        List<List<CallResult>> grouped = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            grouped.add(new ArrayList<>());
        }
        for (CallResult result : results) {
            grouped.get((int) (result.startNanos() / width)).add(result);
        }
        return grouped;
    }

    /** The start (nanoseconds) of the first bucket of {@code results} whose calls match {@code offends}; -1 if none. */
    static long firstBucket(List<CallResult> results, Duration duration, Predicate<List<CallResult>> offends) {
        List<List<CallResult>> grouped = group(results, duration);
        for (int i = 0; i < grouped.size(); i++) {
            if (!grouped.get(i).isEmpty() && offends.test(grouped.get(i))) {
                return i * BUCKET.toNanos();
            }
        }
        return -1;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    /** One bucket: its start and its figures. */
    public record Bucket(long startMillis, Aggregate stats) {}
}

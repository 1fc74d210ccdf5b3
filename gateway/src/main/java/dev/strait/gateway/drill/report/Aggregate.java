package dev.strait.gateway.drill.report;

import dev.strait.gateway.drill.load.CallResult;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * The figures of a set of calls (a bucket, a phase, a load or the whole drill).
 *
 * @param calls              calls due, sent or not
 * @param failed             calls that failed ({@link CallResult#failed()}; not sent counts)
 * @param notSent            calls not sent because {@code concurrency} calls were in flight
 * @param errorRate          {@code failed / calls}; 0 without calls
 * @param p50Millis          median latency of the calls sent; empty without any
 * @param p99Millis          99th percentile latency of the calls sent; empty without any
 * @param perSecondByRegion  calls sent per second by serving region ({@link #NO_REGION} when none answered)
 */
public record Aggregate(long calls, long failed, long notSent, double errorRate, OptionalDouble p50Millis,
        OptionalDouble p99Millis, Map<String, Double> perSecondByRegion) {
    /** The region key of calls that no region served (no answer, or no {@code x-strait-region}). */
    public static final String NO_REGION = "none";

    public Aggregate {
        perSecondByRegion = Map.copyOf(perSecondByRegion);
    }

    /** The figures of {@code results}, with rates over a span of {@code spanSeconds}. */
    public static Aggregate of(Collection<CallResult> results, double spanSeconds) {
        long failed = 0;
        long notSent = 0;
        long[] latencies = new long[results.size()];
        int sent = 0;
        Map<String, Long> byRegion = new TreeMap<>();
        for (CallResult result : results) {
            if (result.failed()) {
                failed++;
            }
            if (!result.sent()) {
                notSent++;
                continue;
            }
            latencies[sent++] = result.latencyNanos();
            byRegion.merge(result.region().map(r -> r.value()).orElse(NO_REGION), 1L, Long::sum);
        }
        long[] sorted = Arrays.copyOf(latencies, sent);
        Arrays.sort(sorted);
        Map<String, Double> perSecond = new TreeMap<>();
        byRegion.forEach((region, count) -> perSecond.put(region, spanSeconds > 0 ? count / spanSeconds : 0.0));
        return new Aggregate(results.size(), failed, notSent, results.isEmpty() ? 0.0 : (double) failed / results.size(),
                percentileMillis(sorted, 50), percentileMillis(sorted, 99), perSecond);
    }

    /** The nearest-rank {@code percentile} of {@code sortedNanos}, in milliseconds; empty without values. */
    static OptionalDouble percentileMillis(long[] sortedNanos, double percentile) {
        if (sortedNanos.length == 0) {
            return OptionalDouble.empty();
        }
        int rank = (int) Math.ceil(percentile / 100.0 * sortedNanos.length);
        return OptionalDouble.of(sortedNanos[Math.clamp(rank - 1, 0, sortedNanos.length - 1)] / 1e6);
    }

    /** The nearest-rank {@code percentile} latency of the sent calls among {@code results}, in milliseconds. */
    static OptionalDouble percentileMillis(Collection<CallResult> results, double percentile) {
        long[] sorted = results.stream().filter(CallResult::sent).mapToLong(CallResult::latencyNanos).sorted().toArray();
        return percentileMillis(sorted, percentile);
    }
}

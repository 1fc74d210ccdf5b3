package dev.strait.bench;

import dev.strait.bench.OpenLoopLoad.Call;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Predicate;

/** The calls of one run in order of start, and the instants that matter in them. */
record CallTimeline(List<Call> calls) {
    CallTimeline {
        calls = List.copyOf(calls);
    }

    /** The calls that started in {@code [from, to)}. */
    List<Call> between(long from, long to) {
        return calls.stream().filter(c -> c.startNanos() >= from && c.startNanos() < to).toList();
    }

    /** The calls that started and ended before {@code instant}. */
    List<Call> doneBefore(long instant) {
        return calls.stream().filter(c -> c.endNanos() < instant).toList();
    }

    /** The calls that started before {@code instant} and ended after it. */
    List<Call> inFlightAt(long instant) {
        return calls.stream().filter(c -> c.startNanos() < instant && c.endNanos() >= instant).toList();
    }

    /**
     * The start of the first call in {@code [from, to)} after which every call started before
     * {@code to} meets {@code wanted}: from then on, the traffic had moved. Empty when the last
     * call of the window still did not meet it (or the window has no call).
     */
    OptionalLong settledAt(long from, long to, Predicate<Call> wanted) {
        List<Call> window = between(from, to);
        int lastUnwanted = -1;
        for (int i = 0; i < window.size(); i++) {
            if (!wanted.test(window.get(i))) {
                lastUnwanted = i;
            }
        }
        return lastUnwanted + 1 < window.size() ? OptionalLong.of(window.get(lastUnwanted + 1).startNanos()) : OptionalLong.empty();
    }

    /** The start of the first call in {@code [from, to)} that meets {@code wanted}. */
    OptionalLong firstAt(long from, long to, Predicate<Call> wanted) {
        return between(from, to).stream().filter(wanted).mapToLong(Call::startNanos).findFirst();
    }

    /** How many calls failed (any answer but 200, or none). */
    int failed() {
        return (int) calls.stream().filter(Call::failed).count();
    }

    /** Failed calls by what they failed with: {@code status error}. */
    Map<String, Integer> failures() {
        Map<String, Integer> byKind = new TreeMap<>();
        calls.stream().filter(Call::failed).forEach(c -> byKind.merge(c.status() + " " + c.error(), 1, Integer::sum));
        return byKind;
    }

    /** Calls that were answered 200 by some other region than {@code expected}, in {@code [from, to)}. */
    int servedElsewhere(long from, long to, String expected) {
        return (int) between(from, to).stream().filter(c -> !c.failed() && !c.region().equals(expected)).count();
    }
}

package dev.strait.gateway.drill.report;

import dev.strait.gateway.drill.load.CallResult;
import dev.strait.gateway.drill.scenario.Expectation;
import dev.strait.gateway.drill.scenario.Scenario;
import dev.strait.gateway.drill.scenario.TimelineStep;
import dev.strait.policy.model.RegionName;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * Judges a drill's expectations against its calls, with the semantics of {@link Expectation}.
 * Calls belong to a phase or a step by their due time. A broken expectation says when it broke:
 * rates and percentiles at the first {@link Timeline#BUCKET} bucket that breaks the bound on its
 * own, traffic movements at the offending call or at the deadline that passed.
 * {@code no-committed-state-lost} needs the federation, so the runner judges it and passes its
 * verdict in.
 */
public final class ExpectationJudge {
    private ExpectationJudge() {}

    /**
     * One verdict per expectation of {@code scenario}, in its order.
     *
     * @param committedState the runner's verdict on {@code no-committed-state-lost}; without one
     *                       that expectation fails as not checked
     */
    public static List<Verdict> judge(Scenario scenario, List<CallResult> results, Optional<Verdict> committedState) {
        return scenario.expectations().stream().map(e -> judge(e, scenario, results, committedState)).toList();
    }

    static Verdict judge(Expectation expectation, Scenario scenario, List<CallResult> results, Optional<Verdict> committedState) {
        return switch (expectation) {
            case Expectation.MaxErrorRate rate -> maxErrorRate(rate, scenario, results);
            case Expectation.Latency latency -> latency(latency, scenario, results);
            case Expectation.TrafficMovesAway away -> movesAway(away, scenario, results);
            case Expectation.TrafficReturns back -> returns(back, scenario, results);
            case Expectation.NoCommittedStateLost _ -> committedState.orElse(Verdict.committedState(false,
                    "not checked: the drill runner passed no verdict"));
        };
    }

    private static Verdict maxErrorRate(Expectation.MaxErrorRate rate, Scenario scenario, List<CallResult> results) {
        String name = "max-error-rate" + scope(rate.phase());
        String expectation = name + " ≤ " + percent(rate.max());
        Optional<List<CallResult>> calls = inScope(rate.phase(), scenario, results);
        if (calls.isEmpty()) {
            return unknownPhase(expectation, name, rate.phase().orElseThrow(), scenario);
        }
        List<CallResult> in = calls.get();
        if (in.isEmpty()) {
            return noCalls(expectation, name);
        }
        double measured = (double) in.stream().filter(CallResult::failed).count() / in.size();
        if (measured <= rate.max()) {
            return new Verdict(expectation, true, percent(measured), OptionalLong.empty(),
                    name + ": " + percent(measured) + " ≤ " + percent(rate.max()));
        }
        long at = Timeline.firstBucket(in, scenario.duration(),
                bucket -> (double) bucket.stream().filter(CallResult::failed).count() / bucket.size() > rate.max());
        return failed(expectation, name, percent(measured), percent(measured) + " > " + percent(rate.max()), at, "first failing bucket");
    }

    private static Verdict latency(Expectation.Latency latency, Scenario scenario, List<CallResult> results) {
        String p = "p" + number(latency.percentile());
        String name = "latency " + p + scope(latency.phase());
        double maxMillis = latency.max().toNanos() / 1e6;
        String expectation = name + " ≤ " + millis(maxMillis);
        Optional<List<CallResult>> calls = inScope(latency.phase(), scenario, results);
        if (calls.isEmpty()) {
            return unknownPhase(expectation, name, latency.phase().orElseThrow(), scenario);
        }
        OptionalDouble measured = Aggregate.percentileMillis(calls.get(), latency.percentile());
        if (measured.isEmpty()) {
            return noCalls(expectation, name);
        }
        String value = millis(measured.getAsDouble());
        if (measured.getAsDouble() <= maxMillis) {
            return new Verdict(expectation, true, value, OptionalLong.empty(), name + ": " + value + " ≤ " + millis(maxMillis));
        }
        long at = Timeline.firstBucket(calls.get().stream().filter(CallResult::sent).toList(), scenario.duration(),
                bucket -> Aggregate.percentileMillis(bucket, latency.percentile()).orElse(0) > maxMillis);
        return failed(expectation, name, value, value + " > " + millis(maxMillis), at, "first failing bucket");
    }

    private static Verdict movesAway(Expectation.TrafficMovesAway away, Scenario scenario, List<CallResult> results) {
        String name = "traffic-moves-away from " + away.from().value() + " after " + away.step();
        String expectation = name + " within " + seconds(away.within());
        Optional<TimelineStep> found = step(scenario, away.step());
        if (found.isEmpty()) {
            return unknownStep(expectation, name, away.step(), scenario);
        }
        TimelineStep step = found.get();
        long start = step.at().toNanos();
        long end = stepEnd(step, scenario).toNanos();
        long deadline = start + away.within().toNanos();
        List<CallResult> during = results.stream().filter(r -> r.startNanos() >= start && r.startNanos() < end).toList();
        Optional<CallResult> firstElsewhere = during.stream().filter(r -> servedElsewhere(r, away.from())).findFirst();
        if (firstElsewhere.isEmpty()) {
            return failed(expectation, name, "no call served elsewhere",
                    "no call was served by another region during the step", deadline, "deadline passed at");
        }
        long moved = firstElsewhere.get().startNanos();
        String measured = "moved after " + seconds(moved - start);
        if (moved > deadline) {
            return failed(expectation, name, measured, measured + " > " + seconds(away.within()), deadline, "deadline passed at");
        }
        Optional<CallResult> back = during.stream().filter(r -> r.startNanos() >= moved && r.servedBy(away.from())).findFirst();
        if (back.isPresent()) {
            return failed(expectation, name, measured + ", then served by " + away.from().value() + " again",
                    "a call due at " + seconds(back.get().startNanos()) + " was served by " + away.from().value() + " again",
                    back.get().startNanos(), "broke at");
        }
        return new Verdict(expectation, true, measured, OptionalLong.empty(), name + ": " + measured + " ≤ " + seconds(away.within()));
    }

    private static Verdict returns(Expectation.TrafficReturns back, Scenario scenario, List<CallResult> results) {
        String name = "traffic-returns to " + back.to().value() + " after " + back.step();
        String expectation = name + " within " + seconds(back.within());
        Optional<TimelineStep> found = step(scenario, back.step());
        if (found.isEmpty()) {
            return unknownStep(expectation, name, back.step(), scenario);
        }
        TimelineStep step = found.get();
        if (step.lasting().isEmpty()) {
            return new Verdict(expectation, false, "step never ends", OptionalLong.empty(), name + ": step '" + step.id()
                    + "' lasts to the end of the drill, so traffic cannot return (expected: a step with 'for')");
        }
        long end = step.at().plus(step.lasting().get()).toNanos();
        long deadline = end + back.within().toNanos();
        Optional<CallResult> first = results.stream().filter(r -> r.startNanos() >= end && r.servedBy(back.to())).findFirst();
        if (first.isEmpty()) {
            return failed(expectation, name, "never returned", "no call was served by " + back.to().value()
                    + " after the step ended", deadline, "deadline passed at");
        }
        String measured = "returned after " + seconds(first.get().startNanos() - end);
        if (first.get().startNanos() > deadline) {
            return failed(expectation, name, measured, measured + " > " + seconds(back.within()), deadline, "deadline passed at");
        }
        return new Verdict(expectation, true, measured, OptionalLong.empty(), name + ": " + measured + " ≤ " + seconds(back.within()));
    }

    private static boolean servedElsewhere(CallResult result, RegionName from) {
        return result.region().isPresent() && !result.servedBy(from);
    }

    /** The calls of {@code phase} (or all); empty when there is no such phase. */
    private static Optional<List<CallResult>> inScope(Optional<String> phase, Scenario scenario, List<CallResult> results) {
        if (phase.isEmpty()) {
            return Optional.of(results);
        }
        return scenario.phases().stream().filter(p -> p.name().equals(phase.get())).findFirst()
                .map(p -> PhaseStats.within(results, p));
    }

    private static Optional<TimelineStep> step(Scenario scenario, String id) {
        return scenario.timeline().stream().filter(s -> s.id().equals(id)).findFirst();
    }

    private static Duration stepEnd(TimelineStep step, Scenario scenario) {
        return step.lasting().map(l -> step.at().plus(l)).filter(e -> e.compareTo(scenario.duration()) < 0).orElse(scenario.duration());
    }

    private static Verdict failed(String expectation, String name, String measured, String why, long atNanos, String when) {
        if (atNanos < 0) {
            return new Verdict(expectation, false, measured, OptionalLong.empty(), name + ": " + why);
        }
        long atMillis = atNanos / 1_000_000;
        return new Verdict(expectation, false, measured, OptionalLong.of(atMillis),
                name + ": " + why + " (" + when + (when.endsWith("at") ? " " : " at ") + seconds(atNanos) + ")");
    }

    private static Verdict noCalls(String expectation, String name) {
        return new Verdict(expectation, false, "no calls", OptionalLong.empty(), name + ": no calls to judge (expected: load during it)");
    }

    private static Verdict unknownPhase(String expectation, String name, String phase, Scenario scenario) {
        String known = scenario.phases().stream().map(Scenario.Phase::name).collect(Collectors.joining(", "));
        return new Verdict(expectation, false, "unknown phase", OptionalLong.empty(),
                name + ": unknown phase '" + phase + "' (expected: one of " + known + ")");
    }

    private static Verdict unknownStep(String expectation, String name, String step, Scenario scenario) {
        String known = scenario.timeline().stream().map(TimelineStep::id).collect(Collectors.joining(", "));
        return new Verdict(expectation, false, "unknown step", OptionalLong.empty(),
                name + ": unknown step '" + step + "' (expected: one of " + known + ")");
    }

    private static String scope(Optional<String> phase) {
        return phase.map(p -> " in phase " + p).orElse("");
    }

    static String percent(double fraction) {
        return number(fraction * 100) + "%";
    }

    static String millis(double millis) {
        return number(millis) + " ms";
    }

    static String seconds(Duration duration) {
        return seconds(duration.toNanos());
    }

    static String seconds(long nanos) {
        return number(nanos / 1e9) + " s";
    }

    /** At most two decimals, no trailing zeros: 3.4, 2, 12.25. */
    static String number(double value) {
        BigDecimal rounded = BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros();
        return rounded.scale() < 0 ? rounded.setScale(0).toPlainString() : rounded.toPlainString();
    }
}

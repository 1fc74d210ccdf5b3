package dev.strait.gateway.drill.scenario;

import dev.strait.gateway.drill.scenario.ScenarioBinder.Draft;
import dev.strait.gateway.drill.scenario.ScenarioBinder.Located;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks across the elements of a scenario: the timeline fits the drill and is in time order,
 * names are unique, and expectations name phases and steps that exist and can be judged within
 * the drill.
 */
final class ScenarioRules {
    private final Problems problems;
    private final SourceMap sources;

    ScenarioRules(Problems problems, SourceMap sources) {
        this.problems = problems;
        this.sources = sources;
    }

    void check(Draft draft) {
        Optional<Duration> duration = draft.duration();
        checkLoad(draft.load(), duration);
        Map<String, Located<TimelineStep>> steps = checkTimeline(draft.timeline(), duration);
        checkExpectations(draft.expectations(), steps, duration);
    }

    private void checkLoad(List<Located<LoadSpec>> load, Optional<Duration> duration) {
        Map<String, Located<LoadSpec>> names = new HashMap<>();
        for (Located<LoadSpec> located : load) {
            LoadSpec spec = located.value();
            Located<LoadSpec> first = names.putIfAbsent(spec.name(), located);
            if (first != null) {
                add(located.path() + (hasKey(located.path() + ".name") ? ".name" : ""), "duplicate load name '" + spec.name()
                        + "' (first used at line " + sources.of(first.path()).line()
                        + "; expected: a unique 'name' for each load, by default its service)");
            }
            if (duration.isPresent() && spec.duration().isPresent() && spec.duration().get().compareTo(duration.get()) > 0) {
                add(located.path() + ".duration", "load duration " + DurationText.format(spec.duration().get())
                        + " is longer than the drill (expected: at most its duration, " + DurationText.format(duration.get()) + ")");
            }
        }
    }

    private Map<String, Located<TimelineStep>> checkTimeline(List<Located<TimelineStep>> timeline, Optional<Duration> duration) {
        Map<String, Located<TimelineStep>> ids = new LinkedHashMap<>();
        Duration previous = Duration.ZERO;
        for (Located<TimelineStep> located : timeline) {
            TimelineStep step = located.value();
            Located<TimelineStep> first = ids.putIfAbsent(step.id(), located);
            if (first != null) {
                add(located.path() + ".id", "duplicate step id '" + step.id() + "' (first used at line "
                        + sources.of(first.path() + ".id").line() + "; expected: a unique id, which names the step's phase)");
            }
            if (step.at().compareTo(previous) < 0) {
                add(located.path() + ".at", "step at " + DurationText.format(step.at()) + " comes before the step above it, at "
                        + DurationText.format(previous) + " (expected: steps in time order)");
            }
            previous = step.at().compareTo(previous) > 0 ? step.at() : previous;
            if (duration.isEmpty()) {
                continue;
            }
            Duration end = duration.get();
            if (step.at().compareTo(end) >= 0) {
                add(located.path() + ".at", "step at " + DurationText.format(step.at()) + " is beyond the drill's duration, "
                        + DurationText.format(end) + " (expected: less than the duration)");
            } else if (step.lasting().isPresent() && step.at().plus(step.lasting().get()).compareTo(end) > 0) {
                add(located.path() + ".for", "the fault ends at " + DurationText.format(step.at().plus(step.lasting().get()))
                        + ", after the drill's end at " + DurationText.format(end) + " (expected: 'at' plus 'for' at most the duration;"
                        + " leave 'for' out for a fault that lasts to the end)");
            }
        }
        return ids;
    }

    private void checkExpectations(List<Located<Expectation>> expectations, Map<String, Located<TimelineStep>> steps,
            Optional<Duration> duration) {
        List<String> phases = new ArrayList<>();
        phases.add(Scenario.Phase.BASELINE);
        phases.addAll(steps.keySet());
        for (Located<Expectation> located : expectations) {
            String path = located.path();
            switch (located.value()) {
                case Expectation.MaxErrorRate rate -> rate.phase().ifPresent(phase -> checkPhase(phase, phases, path));
                case Expectation.Latency latency -> latency.phase().ifPresent(phase -> checkPhase(phase, phases, path));
                case Expectation.TrafficMovesAway away -> step(away.step(), steps, path).ifPresent(step -> {
                    Duration judged = step.at().plus(away.within());
                    if (duration.isPresent() && judged.compareTo(duration.get()) > 0) {
                        add(path + ".within", "traffic must have moved away by " + DurationText.format(judged)
                                + ", after the drill's end at " + DurationText.format(duration.get())
                                + " (expected: the step's 'at' plus 'within' at most the duration)");
                    }
                });
                case Expectation.TrafficReturns returns -> step(returns.step(), steps, path).ifPresent(step -> {
                    if (step.lasting().isEmpty()) {
                        add(path + ".step", "step '" + step.id() + "' lasts to the end of the drill, so traffic cannot return"
                                + " (expected: a step with 'for')");
                        return;
                    }
                    Duration judged = step.at().plus(step.lasting().get()).plus(returns.within());
                    if (duration.isPresent() && judged.compareTo(duration.get()) > 0) {
                        add(path + ".within", "traffic must have returned by " + DurationText.format(judged)
                                + ", after the drill's end at " + DurationText.format(duration.get())
                                + " (expected: the step's 'at' plus 'for' plus 'within' at most the duration)");
                    }
                });
                case Expectation.NoCommittedStateLost _ -> { }
            }
        }
    }

    private void checkPhase(String phase, List<String> phases, String path) {
        if (!phases.contains(phase)) {
            add(path + ".phase", NameHints.unknownName("phase", phase, phases));
        }
    }

    private Optional<TimelineStep> step(String id, Map<String, Located<TimelineStep>> steps, String path) {
        Located<TimelineStep> step = steps.get(id);
        if (step == null) {
            add(path + ".step", NameHints.unknownName("step", id, steps.keySet()));
            return Optional.empty();
        }
        return Optional.of(step.value());
    }

    private boolean hasKey(String element) {
        return sources.has(element);
    }

    private void add(String element, String message) {
        problems.add(sources.of(element), element, message);
    }
}

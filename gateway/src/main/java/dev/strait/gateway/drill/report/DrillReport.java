package dev.strait.gateway.drill.report;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.strait.gateway.drill.load.CallResult;
import dev.strait.gateway.drill.scenario.Scenario;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Everything a drill's reports show, as plain data (it round-trips through JSON).
 *
 * @param scenario the drill: name, description, duration, loads
 * @param started  wall-clock start of the load
 * @param ended    wall-clock end of the drill
 * @param results  figures over the whole drill and per load
 * @param timeline figures per {@link Timeline#BUCKET}
 * @param phases   figures per phase
 * @param faults   when each fault of the timeline was in force
 * @param verdicts one per expectation
 */
@JsonIgnoreProperties(value = "passed", allowGetters = true)
public record DrillReport(ScenarioSummary scenario, Instant started, Instant ended, Results results, Timeline timeline,
        List<PhaseStats> phases, List<FaultMarker> faults, List<Verdict> verdicts) {
    public DrillReport {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(ended, "ended");
        Objects.requireNonNull(results, "results");
        Objects.requireNonNull(timeline, "timeline");
        phases = List.copyOf(phases);
        faults = List.copyOf(faults);
        verdicts = List.copyOf(verdicts);
    }

    /** Builds the report of {@code scenario} from its calls, judging its expectations. */
    public static DrillReport of(Scenario scenario, Instant started, Instant ended, List<CallResult> calls,
            Optional<Verdict> committedState) {
        double seconds = scenario.duration().toNanos() / 1e9;
        Map<String, List<CallResult>> byLoad = calls.stream().collect(Collectors.groupingBy(CallResult::load, TreeMap::new, Collectors.toList()));
        Map<String, Aggregate> perLoad = new TreeMap<>();
        byLoad.forEach((load, list) -> perLoad.put(load, Aggregate.of(list, seconds)));
        return new DrillReport(ScenarioSummary.of(scenario), started, ended, new Results(Aggregate.of(calls, seconds), perLoad),
                Timeline.of(calls, scenario.duration()), PhaseStats.of(scenario, calls), FaultMarker.of(scenario),
                ExpectationJudge.judge(scenario, calls, committedState));
    }

    /** Whether every expectation held. */
    @JsonProperty("passed")
    public boolean passed() {
        return verdicts.stream().allMatch(Verdict::passed);
    }

    /** The drill as the reports name it. */
    public record ScenarioSummary(String name, String description, long durationMillis, List<String> loads) {
        public ScenarioSummary {
            loads = List.copyOf(loads);
        }

        static ScenarioSummary of(Scenario scenario) {
            return new ScenarioSummary(scenario.name(), scenario.description(), scenario.duration().toMillis(),
                    scenario.load().stream().map(l -> l.name() + ": " + l.service().value() + " from " + l.from().value()
                            + " at " + ExpectationJudge.number(l.rate()) + "/s, concurrency " + l.concurrency()).toList());
        }
    }

    /** Figures over the whole drill and per load (by name). */
    public record Results(Aggregate overall, Map<String, Aggregate> byLoad) {
        public Results {
            byLoad = Map.copyOf(byLoad);
        }
    }
}

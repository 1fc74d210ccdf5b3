package dev.strait.gateway.drill.report;

import dev.strait.gateway.drill.scenario.DrillFault;
import dev.strait.gateway.drill.scenario.Scenario;
import dev.strait.gateway.drill.scenario.TimelineStep;
import java.util.List;

/**
 * When a fault of the timeline was in force, for the charts.
 *
 * @param step        the step id
 * @param description the fault in words, such as {@code fail-endpoints payments in eu-west}
 * @param atMillis    when it started
 * @param untilMillis when the drill undid it, or the end of the drill
 */
public record FaultMarker(String step, String description, long atMillis, long untilMillis) {
    /** One marker per step of {@code scenario}'s timeline. */
    public static List<FaultMarker> of(Scenario scenario) {
        return scenario.timeline().stream().map(step -> new FaultMarker(step.id(), describe(step.fault()), step.at().toMillis(),
                until(scenario, step))).toList();
    }

    private static long until(Scenario scenario, TimelineStep step) {
        return step.lasting().map(l -> step.at().plus(l)).filter(end -> end.compareTo(scenario.duration()) < 0)
                .orElse(scenario.duration()).toMillis();
    }

    static String describe(DrillFault fault) {
        return switch (fault) {
            case DrillFault.FailEndpoints f -> "fail-endpoints " + f.service().value() + " in " + f.region().value();
            case DrillFault.FailRegion f -> "fail-region " + f.region().value();
            case DrillFault.Partition p -> "partition " + p.a().value() + " | " + p.b().value();
            case DrillFault.Latency l -> "latency +" + l.delay().toMillis() + " ms to " + target(l.target()) + " (" + l.percent() + "%)";
            case DrillFault.Errors e -> "errors " + e.status() + " from " + target(e.target()) + " (" + e.percent() + "%)";
            case DrillFault.StopNode s -> "stop-node " + s.node().value() + " in " + s.region().value();
            case DrillFault.StopLeader s -> "stop-leader of " + s.region().value();
            case DrillFault.RotateCertificate r -> "rotate-certificate of " + r.node().value() + " in " + r.region().value();
            case DrillFault.ExpireCertificate x -> "expire-certificate of " + x.node().value() + " in " + x.region().value();
        };
    }

    private static String target(DrillFault.Target target) {
        return switch (target) {
            case DrillFault.Target.Service s -> s.service().value() + " in " + s.region().value();
            case DrillFault.Target.Between b -> b.from().value() + " → " + b.to().value();
        };
    }
}

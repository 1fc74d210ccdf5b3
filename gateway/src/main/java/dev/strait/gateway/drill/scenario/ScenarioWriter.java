package dev.strait.gateway.drill.scenario;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a {@link Scenario} in the YAML form {@link ScenarioLoader} reads, every key spelled out,
 * so that a report can show exactly what ran and a written scenario loads back equal.
 */
public final class ScenarioWriter {
    private ScenarioWriter() {}

    /**
     * The scenario as YAML. Its {@code federation} path is written relative to {@code directory}
     * when it lies under it, so that loading the text as a file of that directory gives it back.
     */
    public static String write(Scenario scenario, Path directory) {
        StringBuilder out = new StringBuilder();
        out.append("drill: ").append(scenario.name()).append('\n');
        out.append("description: ").append(quoted(scenario.description())).append('\n');
        scenario.federation().ifPresent(federation -> out.append("federation: ")
                .append(quoted(relative(federation, directory))).append('\n'));
        out.append("duration: ").append(DurationText.format(scenario.duration())).append('\n');
        out.append("load:\n");
        for (LoadSpec load : scenario.load()) {
            List<String> entries = new ArrayList<>(List.of("name: " + load.name(), "service: " + load.service(), "from: " + load.from(),
                    "rate: " + ScenarioBinder.number(load.rate()), "concurrency: " + load.concurrency()));
            load.duration().ifPresent(d -> entries.add("duration: " + DurationText.format(d)));
            entries.add("request: " + switch (load.request()) {
                case LoadSpec.Request.Http http -> "{ method: " + http.method() + ", path: " + quoted(http.path())
                        + ", bodyBytes: " + http.bodyBytes() + " }";
                case LoadSpec.Request.Grpc grpc -> "{ grpc: " + grpc.fullMethod() + " }";
            });
            item(out, entries);
        }
        out.append(scenario.timeline().isEmpty() ? "timeline: []\n" : "timeline:\n");
        for (TimelineStep step : scenario.timeline()) {
            List<String> entries = new ArrayList<>(List.of("id: " + step.id(), "at: " + DurationText.format(step.at())));
            step.lasting().ifPresent(d -> entries.add("for: " + DurationText.format(d)));
            entries.add("fault: { " + fault(step.fault()) + " }");
            item(out, entries);
        }
        out.append(scenario.expectations().isEmpty() ? "expectations: []\n" : "expectations:\n");
        for (Expectation expectation : scenario.expectations()) {
            out.append("  - { ").append(expectation(expectation)).append(" }\n");
        }
        return out.toString();
    }

    private static void item(StringBuilder out, List<String> entries) {
        for (int i = 0; i < entries.size(); i++) {
            out.append(i == 0 ? "  - " : "    ").append(entries.get(i)).append('\n');
        }
    }

    private static String fault(DrillFault fault) {
        return switch (fault) {
            case DrillFault.FailEndpoints f -> "kind: fail-endpoints, service: " + f.service() + ", region: " + f.region();
            case DrillFault.FailRegion f -> "kind: fail-region, region: " + f.region();
            case DrillFault.Partition f -> "kind: partition, regions: [" + f.a() + ", " + f.b() + "]";
            case DrillFault.Latency f -> "kind: latency, " + target(f.target()) + ", delay: " + DurationText.format(f.delay())
                    + ", percent: " + f.percent();
            case DrillFault.Errors f -> "kind: errors, " + target(f.target()) + ", status: " + f.status() + ", percent: " + f.percent();
            case DrillFault.StopNode f -> "kind: stop-node, region: " + f.region() + ", node: " + f.node();
            case DrillFault.StopLeader f -> "kind: stop-leader, region: " + f.region();
            case DrillFault.RotateCertificate f -> "kind: rotate-certificate, region: " + f.region() + ", node: " + f.node();
            case DrillFault.ExpireCertificate f -> "kind: expire-certificate, region: " + f.region() + ", node: " + f.node();
        };
    }

    private static String target(DrillFault.Target target) {
        return switch (target) {
            case DrillFault.Target.Service s -> "service: " + s.service() + ", region: " + s.region();
            case DrillFault.Target.Between b -> "from: " + b.from() + ", to: " + b.to();
        };
    }

    private static String expectation(Expectation expectation) {
        return switch (expectation) {
            case Expectation.MaxErrorRate e -> "kind: max-error-rate" + e.phase().map(p -> ", phase: " + p).orElse("")
                    + ", max: " + e.max();
            case Expectation.TrafficMovesAway e -> "kind: traffic-moves-away, step: " + e.step() + ", from: " + e.from()
                    + ", within: " + DurationText.format(e.within());
            case Expectation.TrafficReturns e -> "kind: traffic-returns, step: " + e.step() + ", to: " + e.to()
                    + ", within: " + DurationText.format(e.within());
            case Expectation.Latency e -> "kind: latency" + e.phase().map(p -> ", phase: " + p).orElse("")
                    + ", percentile: " + ScenarioBinder.number(e.percentile()) + ", max: " + DurationText.format(e.max());
            case Expectation.NoCommittedStateLost _ -> "kind: no-committed-state-lost";
        };
    }

    private static String relative(Path file, Path directory) {
        Path base = directory.toAbsolutePath().normalize();
        Path target = file.toAbsolutePath().normalize();
        return (target.startsWith(base) ? base.relativize(target) : target).toString();
    }

    /** A double-quoted YAML string: safe for any text. */
    private static String quoted(String text) {
        StringBuilder out = new StringBuilder("\"");
        text.codePoints().forEach(c -> {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", c));
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.append('"').toString();
    }
}

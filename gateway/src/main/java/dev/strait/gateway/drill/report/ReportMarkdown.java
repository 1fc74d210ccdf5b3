package dev.strait.gateway.drill.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;

/** Writes the Markdown summary of a drill: the outcome, the verdicts, the phases and the faults. */
public final class ReportMarkdown {
    private ReportMarkdown() {}

    public static String toMarkdown(DrillReport report) {
        var md = new StringBuilder();
        md.append("# Drill ").append(report.scenario().name()).append(": ").append(report.passed() ? "PASSED" : "FAILED").append("\n\n");
        md.append(report.scenario().description()).append("\n\n");
        md.append("- Started: ").append(report.started()).append('\n');
        md.append("- Ended: ").append(report.ended()).append('\n');
        md.append("- Duration: ").append(ExpectationJudge.seconds(report.scenario().durationMillis() * 1_000_000)).append('\n');
        for (String load : report.scenario().loads()) {
            md.append("- Load ").append(load).append('\n');
        }
        Aggregate overall = report.results().overall();
        md.append("- Calls: ").append(overall.calls()).append(", failed ").append(overall.failed())
                .append(" (").append(ExpectationJudge.percent(overall.errorRate())).append("), not sent ").append(overall.notSent())
                .append(", p50 ").append(ms(overall.p50Millis())).append(", p99 ").append(ms(overall.p99Millis())).append("\n\n");

        md.append("## Verdicts\n\n| | Expectation | Measured | Broke at | Verdict |\n|---|---|---|---|---|\n");
        for (Verdict verdict : report.verdicts()) {
            md.append("| ").append(verdict.passed() ? "✅" : "❌").append(" | ").append(cell(verdict.expectation()))
                    .append(" | ").append(cell(verdict.measured())).append(" | ")
                    .append(verdict.failedAtMillis().isPresent() ? ExpectationJudge.seconds(verdict.failedAtMillis().getAsLong() * 1_000_000) : "")
                    .append(" | ").append(cell(verdict.sentence())).append(" |\n");
        }

        md.append("\n## Phases\n\n| Phase | From | To | Calls | Error rate | Not sent | p50 | p99 | Calls/s by region |\n|---|---|---|---|---|---|---|---|---|\n");
        for (PhaseStats phase : report.phases()) {
            Aggregate s = phase.stats();
            md.append("| ").append(cell(phase.name())).append(" | ").append(sec(phase.startMillis())).append(" | ").append(sec(phase.endMillis()))
                    .append(" | ").append(s.calls()).append(" | ").append(ExpectationJudge.percent(s.errorRate())).append(" | ").append(s.notSent())
                    .append(" | ").append(ms(s.p50Millis())).append(" | ").append(ms(s.p99Millis())).append(" | ");
            new java.util.TreeMap<>(s.perSecondByRegion()).forEach((region, rate) ->
                    md.append(cell(region)).append(' ').append(ExpectationJudge.number(rate)).append(' '));
            md.append("|\n");
        }

        if (!report.faults().isEmpty()) {
            md.append("\n## Faults\n\n| Step | Fault | From | Until |\n|---|---|---|---|\n");
            for (FaultMarker fault : report.faults()) {
                md.append("| ").append(cell(fault.step())).append(" | ").append(cell(fault.description())).append(" | ")
                        .append(sec(fault.atMillis())).append(" | ").append(sec(fault.untilMillis())).append(" |\n");
            }
        }
        return md.toString();
    }

    public static void write(DrillReport report, Path file) throws IOException {
        Files.writeString(file, toMarkdown(report));
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    private static String ms(OptionalDouble millis) {
        return millis.isPresent() ? ExpectationJudge.millis(millis.getAsDouble()) : "–";
    }

    private static String sec(long millis) {
        return ExpectationJudge.seconds(millis * 1_000_000);
    }
}

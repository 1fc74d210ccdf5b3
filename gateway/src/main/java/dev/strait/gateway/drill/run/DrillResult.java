package dev.strait.gateway.drill.run;

import dev.strait.gateway.drill.report.DrillReport;
import java.util.List;
import java.util.Objects;

/**
 * What a drill gave: its report, and any fault that could not be applied or undone (then the drill
 * did not test what its scenario says, whatever the verdicts).
 */
public record DrillResult(DrillReport report, List<String> faultProblems) {
    public DrillResult {
        Objects.requireNonNull(report, "report");
        faultProblems = List.copyOf(faultProblems);
    }

    /** Whether the drill passed: every expectation held and every fault was applied and undone. */
    public boolean passed() {
        return report.passed() && faultProblems.isEmpty();
    }
}

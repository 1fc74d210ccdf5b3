package dev.strait.it.drills;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.gateway.drill.report.DrillReport;
import dev.strait.gateway.drill.report.ReportJson;
import dev.strait.gateway.drill.report.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every built-in scenario holds on a healthy Strait: {@code strait drill run configs/drills/
 * --local}, the drill suite a team runs before a release, runs the six one after the other on one
 * federation, exits 0, and each report shows every verdict passed.
 */
class BuiltInDrillsHoldLocallyIT {
    private static final List<String> BUILT_IN = List.of("region-outage", "leader-loss", "region-partition", "slow-region",
            "certificate-rotation", "rolling-restart");

    @TempDir
    Path out;

    @Test
    void everyBuiltInDrillHoldsInOneRun() throws Exception {
        Path builtIn = DrillRuns.repositoryRoot().resolve("configs/drills");

        DrillRuns.Run run = DrillRuns.strait("drill", "run", builtIn.toString(), "--local", "--out", out.toString());

        for (String name : BUILT_IN) {
            Path reports = out.resolve(name);
            assertThat(reports.resolve("report.json")).as("%s's report; %s", name, run).exists();
            DrillReport report = ReportJson.fromJson(Files.readString(reports.resolve("report.json")));
            assertThat(report.scenario().name()).isEqualTo(name);
            assertThat(report.verdicts()).as("%s: %s", name, Files.readString(reports.resolve("report.md")))
                    .isNotEmpty().allMatch(Verdict::passed);
            assertThat(report.results().overall().calls()).isPositive();
            assertThat(reports.resolve("report.md")).content().contains("# Drill " + name + ": PASSED");
            assertThat(reports.resolve("report.html")).isNotEmptyFile();
            assertThat(run.out()).contains("# Drill " + name + ": PASSED");
        }
        assertThat(run.exitCode()).as(run.toString()).isZero();
    }
}

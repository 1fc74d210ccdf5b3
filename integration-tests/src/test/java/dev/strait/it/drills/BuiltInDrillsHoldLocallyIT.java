package dev.strait.it.drills;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.gateway.drill.report.DrillReport;
import dev.strait.gateway.drill.report.ReportJson;
import dev.strait.gateway.drill.report.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The built-in scenarios that {@code --local} can inject hold on a healthy Strait: {@code strait
 * drill run configs/drills/NAME.yaml --local} exits 0 and its report shows every verdict passed.
 */
class BuiltInDrillsHoldLocallyIT {
    @BeforeEach
    void needsRoomForAFederation() {
        DrillRuns.assumeRoomForAFederation();
    }

    @TempDir
    Path out;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"region-outage", "leader-loss", "rolling-restart", "certificate-rotation"})
    void aBuiltInDrillHolds(String name) throws Exception {
        Path scenario = DrillRuns.repositoryRoot().resolve("configs/drills/" + name + ".yaml");

        DrillRuns.Run run = DrillRuns.strait("drill", "run", scenario.toString(), "--local", "--out", out.toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        DrillReport report = ReportJson.fromJson(Files.readString(out.resolve("report.json")));
        assertThat(report.scenario().name()).isEqualTo(name);
        assertThat(report.verdicts()).as(run.toString()).isNotEmpty().allMatch(Verdict::passed);
        assertThat(report.results().overall().calls()).isPositive();
        assertThat(out.resolve("report.md")).content().contains("# Drill " + name + ": PASSED");
        assertThat(out.resolve("report.html")).isNotEmptyFile();
        assertThat(run.out()).contains("# Drill " + name + ": PASSED");
    }

    @Test
    void aFaultTheLocalRunnerCannotInjectIsRefusedBeforeAnythingStarts() {
        Path scenario = DrillRuns.repositoryRoot().resolve("configs/drills/region-partition.yaml");

        DrillRuns.Run run = DrillRuns.strait("drill", "run", scenario.toString(), "--local", "--out", out.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("fault kind 'partition' is not supported by --local yet");
        assertThat(out.resolve("report.json")).doesNotExist();
    }
}

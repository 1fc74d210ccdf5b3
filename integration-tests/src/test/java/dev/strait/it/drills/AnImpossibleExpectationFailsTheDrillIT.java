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
 * A drill whose expectation cannot hold fails: exit 1, and the reports name the broken
 * expectation and when it broke, while the expectations that held are still shown as held.
 */
class AnImpossibleExpectationFailsTheDrillIT {
    @TempDir
    Path directory;

    @Test
    void aLatencyBoundBelowTheInjectedDelayBreaksTheDrillAtTheDelay() throws Exception {
        Path federation = DrillRuns.repositoryRoot().resolve("configs/drills/federation.yaml");
        // Every call to payments in eu-west (us-east's first choice) waits 200ms from 2s on, so a
        // p99 of at most 1ms in that phase cannot hold.
        Path scenario = Files.writeString(directory.resolve("impossible.yaml"), """
                drill: impossible
                description: A latency bound below the delay the drill injects.
                federation: %s
                duration: 6s
                load:
                  - name: payments
                    service: payments
                    from: us-east
                    rate: 50
                    concurrency: 32
                timeline:
                  - id: slow
                    at: 2s
                    fault: { kind: latency, service: payments, region: eu-west, delay: 200ms, percent: 100 }
                expectations:
                  - { kind: max-error-rate, max: 0.5 }
                  - { kind: latency, phase: slow, percentile: 99, max: 1ms }
                """.formatted(federation));
        Path out = directory.resolve("out");

        DrillRuns.Run run = DrillRuns.strait("drill", "run", scenario.toString(), "--local", "--out", out.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        DrillReport report = ReportJson.fromJson(Files.readString(out.resolve("report.json")));
        assertThat(report.passed()).isFalse();
        List<Verdict> broken = report.verdicts().stream().filter(v -> !v.passed()).toList();
        assertThat(broken).as(run.toString()).singleElement().satisfies(verdict -> {
            assertThat(verdict.expectation()).contains("latency p99 in phase slow");
            assertThat(verdict.failedAtMillis()).as("when it broke").isPresent();
            assertThat(verdict.failedAtMillis().getAsLong()).isBetween(2_000L, 6_000L);
        });
        String markdown = Files.readString(out.resolve("report.md"));
        assertThat(markdown).contains("# Drill impossible: FAILED").contains("❌").contains(broken.getFirst().expectation())
                .contains(broken.getFirst().sentence());
    }
}

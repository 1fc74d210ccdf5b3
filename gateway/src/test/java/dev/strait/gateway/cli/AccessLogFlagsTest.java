package dev.strait.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AccessLogFlagsTest {
    @ParameterizedTest(name = "strait {0} --access-log-sample {1}")
    @CsvSource({"run, 1.5", "run, -0.1", "run, NaN", "demo, 2"})
    void aSampleRateOutsideZeroToOneIsRefusedBeforeAnythingStarts(String command, String rate) {
        CommandRun run = command.equals("run")
                ? CommandRun.of("run", "--config", "no-such.yaml", "--node", "gw-1", "--access-log", "stdout", "--access-log-sample", rate)
                : CommandRun.of("demo", "--config", "no-such.yaml", "--access-log-sample", rate);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("access log sample rate " + Double.parseDouble(rate) + " is out of range (expected: 0 to 1)");
    }

    @ParameterizedTest(name = "strait {0} --access-log ''")
    @CsvSource({"run", "demo"})
    void anEmptyDestinationIsRefused(String command) {
        CommandRun run = command.equals("run")
                ? CommandRun.of("run", "--config", "no-such.yaml", "--node", "gw-1", "--access-log", "")
                : CommandRun.of("demo", "--config", "no-such.yaml", "--access-log", "");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("(expected: stdout, off or the path of a file)");
    }
}

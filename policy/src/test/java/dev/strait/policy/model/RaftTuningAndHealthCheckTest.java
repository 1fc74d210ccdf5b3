package dev.strait.policy.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The records check themselves, so that code building them without the loader cannot build a broken one. */
class RaftTuningAndHealthCheckTest {
    private static final Duration ONE_SECOND = Duration.ofSeconds(1);
    private static final Duration TWO_SECONDS = Duration.ofSeconds(2);

    @Test
    void theOlderConstructorsTakeTheDefaults() {
        ServiceConfig service = new ServiceConfig(ServiceName.of("web"), Protocol.HTTP1, UpstreamTls.PLAINTEXT,
                List.of(), List.of(), List.of());
        RegionConfig region = new RegionConfig(RegionName.of("us-east"), List.of(), List.of(), List.of(service));

        assertThat(service.healthCheck()).isEqualTo(HealthCheck.NONE);
        assertThat(region.raft()).isEqualTo(RaftTuning.DEFAULTS);
    }

    @Test
    void raftTuningRefusesWhatTheLoaderReports() {
        assertThatIllegalArgumentException().isThrownBy(() -> new RaftTuning(Duration.ZERO, TWO_SECONDS, 1, 0, ONE_SECOND));
        assertThatIllegalArgumentException().isThrownBy(() -> new RaftTuning(ONE_SECOND, ONE_SECOND, 1, 0, ONE_SECOND));
        assertThatIllegalArgumentException().isThrownBy(() -> new RaftTuning(ONE_SECOND, TWO_SECONDS, 0, 0, ONE_SECOND));
        assertThatIllegalArgumentException().isThrownBy(() -> new RaftTuning(ONE_SECOND, TWO_SECONDS, 1, -1, ONE_SECOND));
        assertThatIllegalArgumentException().isThrownBy(() -> new RaftTuning(ONE_SECOND, TWO_SECONDS, 1, 0, Duration.ZERO));
    }

    @Test
    void healthChecksRefuseWhatTheLoaderReports() {
        assertThatIllegalArgumentException().isThrownBy(() -> new HealthCheck.Http("healthz", TWO_SECONDS, ONE_SECOND, 1, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> new HealthCheck.Http("/a b", TWO_SECONDS, ONE_SECOND, 1, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> new HealthCheck.Tcp(ONE_SECOND, ONE_SECOND, 1, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> new HealthCheck.Tcp(TWO_SECONDS, Duration.ZERO, 1, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> new HealthCheck.Tcp(TWO_SECONDS, ONE_SECOND, 0, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> new HealthCheck.Tcp(TWO_SECONDS, ONE_SECOND, 1, 0));
    }

    @Test
    void aSwitchOverTheKindsIsExhaustive() {
        List<HealthCheck> checks = List.of(HealthCheck.NONE, HealthCheck.http("/healthz"), HealthCheck.tcp());

        assertThat(checks).map(check -> switch (check) {
            case HealthCheck.None _ -> "none";
            case HealthCheck.Http http -> "http " + http.path();
            case HealthCheck.Tcp tcp -> "tcp every " + tcp.interval().toSeconds() + "s";
        }).containsExactly("none", "http /healthz", "tcp every 5s");
    }
}

package dev.strait.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.policy.model.HostPort;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TargetBalancerTest {
    private static final HostPort A = new HostPort("127.0.0.1", 1001);
    private static final HostPort B = new HostPort("127.0.0.1", 1002);
    private static final List<HostPort> BOTH = List.of(A, B);

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final TargetBalancer balancer = new TargetBalancer(Duration.ofSeconds(5), now::get);

    @Test
    void prefersTheTargetWithFewerOutstandingCalls() {
        balancer.begin(A);
        balancer.begin(A);
        for (int i = 0; i < 20; i++) {
            assertThat(balancer.pick(BOTH, Set.of(), true)).hasValue(B);
        }
        balancer.end(A);
        balancer.end(A);
        balancer.begin(B);
        assertThat(balancer.pick(BOTH, Set.of(), true)).hasValue(A);
    }

    @Test
    void neverPicksATargetTheCallAlreadyTried() {
        assertThat(balancer.pick(BOTH, Set.of(A), true)).hasValue(B);
        assertThat(balancer.pick(BOTH, Set.of(A, B), true)).isEmpty();
    }

    @Test
    void avoidsAnEjectedTargetUntilItsEjectionEnds() {
        balancer.eject(A);
        for (int i = 0; i < 20; i++) {
            assertThat(balancer.pick(BOTH, Set.of(), true)).hasValue(B);
        }
        now.addAndGet(Duration.ofSeconds(6).toNanos());
        Set<HostPort> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            balancer.pick(BOTH, Set.of(), true).ifPresent(seen::add);
        }
        assertThat(seen).containsExactlyInAnyOrder(A, B);
    }

    @Test
    void ejectedTargetsAreALastResortOnlyWhenAllowed() {
        balancer.eject(A);
        balancer.eject(B);
        assertThat(balancer.allEjected(BOTH)).isTrue();
        assertThat(balancer.pick(BOTH, Set.of(), false)).isEmpty();
        assertThat(balancer.pick(BOTH, Set.of(), true)).isPresent();
        balancer.reachable(A);
        assertThat(balancer.allEjected(BOTH)).isFalse();
        assertThat(balancer.pick(BOTH, Set.of(), false)).hasValue(A);
    }
}

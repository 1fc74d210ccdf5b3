package dev.strait.it.failover;

import static dev.strait.it.support.ThreeRegions.A;
import static dev.strait.it.support.ThreeRegions.B;
import static dev.strait.it.support.ThreeRegions.C;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.gateway.node.GatewayNode;
import dev.strait.it.support.Await;
import dev.strait.it.support.ThreeRegions;
import dev.strait.policy.model.RegionName;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.function.Predicate;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Under continuous GETs of {@code catalog.mesh} from region a's three gateway nodes, with
 * {@code catalog} served in a, b and c: when a's endpoint dies every call is served by b from one
 * second on and none fails; when b's dies too, calls move to c; when a's returns, they come back
 * to a. Meanwhile a call pinned to a region ({@code catalog.a.mesh}, {@code catalog.b.mesh}) fails
 * there with {@code no_healthy_upstream} and never fails over.
 */
class TrafficFollowsHealthAcrossThreeRegionsIT {
    private static final String SERVICE = "catalog";
    private static final String HOST = SERVICE + ".mesh";
    // A dead endpoint leaves its region's routing, and its exported healthy count, after two
    // failed checks 100 ms apart; it returns after two good ones.
    private static final String HEALTH_CHECK =
            "healthCheck: { tcp: true, interval: 100ms, timeout: 50ms, unhealthyThreshold: 2, healthyThreshold: 2 }";

    // The promise: calls are served elsewhere within one second of every local endpoint failing.
    private static final Duration MOVE_BOUND = Duration.ofSeconds(1);
    // Generous, as the brief for failback asks: a returns after healthyThreshold checks and a 1 s ramp.
    private static final Duration FAILBACK_DEADLINE = Duration.ofSeconds(10);
    private static final Duration PHASE_DEADLINE = Duration.ofSeconds(15);
    // Calls started after a phase's bound that it must see before it is judged.
    private static final int SAMPLE = 300;
    private static final int WORKERS = 4;

    @TempDir
    Path directory;

    @Test
    void callsFromAMoveToBThenCAndBackToAWithoutFailingWhilePinnedCallsNeverFailOver() throws Exception {
        try (ThreeRegions federation = new ThreeRegions(directory)
                .nodes(A, 3)
                .regionYaml(A, "    federation: { failbackRamp: 1s }")
                .service(A, SERVICE, HEALTH_CHECK)
                .service(B, SERVICE, HEALTH_CHECK)
                .service(C, SERVICE, HEALTH_CHECK)
                .start()) {
            List<GatewayNode> aNodes = federation.runningNodes(A);
            assertThat(aNodes).hasSize(3);
            awaitRoutesOfA(aNodes, List.of("local:a", "remote:b", "remote:c"), Duration.ofSeconds(10));
            List<String> aListeners = aNodes.stream().map(n -> "http://127.0.0.1:" + n.localPort()).toList();

            SoftAssertions promises = new SoftAssertions();
            try (SteadyLoad load = new SteadyLoad(aListeners, HOST, WORKERS)) {
                // 1. Warm-up: a serves every call.
                long warmUp = System.nanoTime();
                awaitCalls(load, warmUp, "warm-up");
                List<SteadyLoad.Call> warm = load.startedSince(warmUp);
                report("warm-up: " + SteadyLoad.describe(warm));
                promises.assertThat(notServedBy(warm, "a")).as("warm-up calls a did not serve: %s", SteadyLoad.describe(warm))
                        .isZero();

                // 2. a's endpoint dies: from one second on b serves every call, and no call fails.
                long aStopped = System.nanoTime();
                String aDown = stopEcho(federation, A, aNodes, List.of("remote:b", "remote:c"), load, aStopped);
                promises.assertThat(notServedBy(load.startedSince(aStopped + MOVE_BOUND.toNanos()), "b"))
                        .as("calls started %d ms or more after a's endpoint died that b did not serve; %s", MOVE_BOUND.toMillis(), aDown)
                        .isZero();
                promises.assertThat(failed(load.startedSince(aStopped))).as("calls failed while a was down; %s", aDown).isZero();

                // 3. b's endpoint dies too: calls move to c, and still none fails.
                long bStopped = System.nanoTime();
                String bDown = stopEcho(federation, B, aNodes, List.of("remote:c"), load, bStopped);
                promises.assertThat(notServedBy(load.startedSince(bStopped + MOVE_BOUND.toNanos()), "c"))
                        .as("calls started %d ms or more after b's endpoint died that c did not serve; %s", MOVE_BOUND.toMillis(), bDown)
                        .isZero();
                promises.assertThat(failed(load.startedSince(bStopped))).as("calls failed while a and b were down; %s", bDown).isZero();

                // 4. Pinned calls go to their region only and fail there, while c serves the others.
                try (MeshCaller caller = new MeshCaller()) {
                    for (String listener : aListeners) {
                        for (RegionName pinned : List.of(A, B)) {
                            String call = SERVICE + "." + pinned + ".mesh from " + listener;
                            HttpResponse<String> response = caller.get(listener, SERVICE + "." + pinned + ".mesh", "/items/pinned");
                            promises.assertThat(response.headers().firstValue("x-strait-region").orElse("-"))
                                    .as("%s, the region that served it: %s", call, response.body()).isNotEqualTo("c");
                            promises.assertThat(response.statusCode()).as("%s: %s", call, response.body()).isEqualTo(503);
                            promises.assertThat(response.headers().firstValue("x-strait-error")).as("%s: %s", call, response.body())
                                    .hasValue("no_healthy_upstream");
                        }
                    }
                }

                // 5. a's endpoint returns: calls come back to a, and none fails.
                LocalTime aStartClock = LocalTime.now();
                long aStarted = System.nanoTime();
                federation.startEcho(A, SERVICE);
                Duration aBack = awaitRoutesOfA(aNodes, List.of("local:a", "remote:c"), FAILBACK_DEADLINE, aStarted);
                Await.until("the last " + SAMPLE + " calls are all served by a again", FAILBACK_DEADLINE.minus(aBack),
                        () -> load.lastMatch(aStarted, SAMPLE, c -> c.servedBy("a")));
                List<SteadyLoad.Call> back = load.startedSince(aStarted);
                String backReport = String.format("a back (its echo started at %s; every node of a routed to it after %d ms): %s;"
                        + " the first call served by a started %d ms after its echo started, the last served elsewhere %d ms after%s",
                        aStartClock, aBack.toMillis(), SteadyLoad.describe(back),
                        back.stream().filter(c -> c.servedBy("a")).mapToLong(c -> c.millisAfter(aStarted)).min().orElse(-1),
                        back.stream().filter(c -> !c.servedBy("a")).mapToLong(c -> c.millisAfter(aStarted)).max().orElse(-1),
                        SteadyLoad.describeFailures(back, aStarted));
                report(backReport);
                promises.assertThat(failed(back)).as("calls failed while a came back; %s", backReport).isZero();

                load.stop();
                List<SteadyLoad.Call> all = load.calls();
                report("the whole run: " + SteadyLoad.describe(all));
                promises.assertThat(failed(all)).as("calls failed in the whole run: %s", SteadyLoad.describe(all)).isZero();
            }
            promises.assertAll();
        }
    }

    /**
     * Stops {@code region}'s echo, waits until every node of a routes catalog to {@code orderAfter}
     * and until {@link #SAMPLE} calls started one second or more after the stop, and returns (and
     * prints) what the calls since the stop met.
     */
    private static String stopEcho(ThreeRegions federation, RegionName region, List<GatewayNode> aNodes, List<String> orderAfter,
            SteadyLoad load, long stoppedNanos) {
        LocalTime clock = LocalTime.now();
        federation.stopEcho(region, SERVICE);
        long closed = System.nanoTime();
        Duration left = awaitRoutesOfA(aNodes, orderAfter, PHASE_DEADLINE, stoppedNanos);
        long bound = stoppedNanos + MOVE_BOUND.toNanos();
        awaitCalls(load, bound, region + " down");
        List<SteadyLoad.Call> since = load.startedSince(stoppedNanos);
        List<SteadyLoad.Call> firstSecond = load.startedBetween(stoppedNanos, bound);
        String report = String.format("%s's echo stopped at %s (closed in %d ms); every node of a routed to %s after %d ms;"
                + " since the stop %s; in the first second %s, max latency %d ms%s",
                region, clock, millis(closed - stoppedNanos), orderAfter, left.toMillis(), SteadyLoad.describe(since),
                SteadyLoad.describe(firstSecond), maxLatencyMillis(firstSecond), SteadyLoad.describeFailures(since, stoppedNanos));
        report(report);
        return report;
    }

    /** Waits until every node of a routes catalog to exactly {@code order}; returns how long after {@code sinceNanos} that was. */
    private static Duration awaitRoutesOfA(List<GatewayNode> aNodes, List<String> order, Duration deadline, long sinceNanos) {
        awaitRoutesOfA(aNodes, order, deadline);
        return Duration.ofNanos(System.nanoTime() - sinceNanos);
    }

    private static void awaitRoutesOfA(List<GatewayNode> aNodes, List<String> order, Duration deadline) {
        Predicate<GatewayNode> routes = node -> Routes.candidateOrder(node.adminPort(), SERVICE).equals(order);
        Await.until("every node of a routes " + SERVICE + " to " + order, deadline, () -> aNodes.stream().allMatch(routes));
    }

    /** Lets the load run until {@link #SAMPLE} calls that started at or after {@code fromNanos} are answered. */
    private static void awaitCalls(SteadyLoad load, long fromNanos, String phase) {
        Await.until(SAMPLE + " answered calls started in phase '" + phase + "'", PHASE_DEADLINE,
                () -> load.countStartedSince(fromNanos) >= SAMPLE);
    }

    private static long notServedBy(List<SteadyLoad.Call> calls, String region) {
        return calls.stream().filter(c -> !c.servedBy(region)).count();
    }

    private static long failed(List<SteadyLoad.Call> calls) {
        return calls.stream().filter(SteadyLoad.Call::failed).count();
    }

    private static long maxLatencyMillis(List<SteadyLoad.Call> calls) {
        return calls.stream().mapToLong(SteadyLoad.Call::latencyMillis).max().orElse(0);
    }

    private static long millis(long nanos) {
        return Duration.ofNanos(nanos).toMillis();
    }

    // The measurements go to the test's output whether or not it passes.
    private static void report(String line) {
        System.out.println("TrafficFollowsHealthAcrossThreeRegionsIT: " + line);
    }
}

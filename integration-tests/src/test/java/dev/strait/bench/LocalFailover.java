package dev.strait.bench;

import dev.strait.gateway.node.GatewayNode;
import dev.strait.it.support.Await;
import dev.strait.it.support.ThreeRegions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One local failover and failback under load: calls to {@code svc.mesh} through every node of
 * region a; a's only {@code svc} endpoint stops, and its calls must move to b; after
 * {@code --outage} it starts again, and they must come back to a (gradually, over the region's
 * {@code failbackRamp}). Alongside, a's nodes' routes are polled for the health-check
 * transitions.
 */
final class LocalFailover {
    static final String SERVICE = "svc";
    private static final String HOST = SERVICE + ".mesh";
    private static final String HOME = ThreeRegions.A.value();
    private static final String NEXT = ThreeRegions.B.value();

    /**
     * @param toFirstRerouted    from stopping a's endpoint to the first call started after it that b served
     * @param toFullReroute      from stopping a's endpoint to the start of the first call after which b served every call
     * @param toRoutesWithout    from stopping it to every a node's routes leaving it out (the health check's transition applied)
     * @param echoStop           how long stopping the endpoint took (inside the times above)
     * @param toFirstBack        from starting it again to the first call a served
     * @param toRoutesWith       from starting it again to every a node's routes naming it first again
     * @param toFullFailback     from starting it again to the start of the first call after which a served every call
     * @param notHomeBefore      calls done before the stop that a did not serve (should be none)
     * @param inFlight           calls that started before the stop and ended after it
     * @param inFlightToNext     of those, the ones b answered (the stop cut them and they were retried)
     * @param calls              calls made in the run
     * @param failed             calls that failed (not 200)
     * @param failedDuringOutage of those, the ones started between the stop and the restart
     * @param failures           what they failed with: status and error, and how many
     * @param stoppedAt          when the endpoint began to stop, by the wall clock, to match with the nodes' logs
     */
    record Result(Elapsed toFirstRerouted, Elapsed toFullReroute, Elapsed toRoutesWithout, Elapsed echoStop,
            Elapsed toFirstBack, Elapsed toRoutesWith, Elapsed toFullFailback, int notHomeBefore,
            int inFlight, int inFlightToNext, int calls, int failed, int failedDuringOutage, Map<String, Integer> failures,
            Instant stoppedAt) {}

    private LocalFailover() {}

    static Result run(ThreeRegions federation, FailoverBenchmark.Options options) throws InterruptedException {
        List<GatewayNode> home = federation.runningNodes(ThreeRegions.A);
        List<Integer> admins = home.stream().map(GatewayNode::adminPort).toList();
        awaitLocalFirst(admins);

        OpenLoopLoad load = new OpenLoopLoad(home.stream().map(n -> "http://127.0.0.1:" + n.localPort()).toList(), HOST,
                options.rate()).start();
        CallTimeline timeline;
        long stopping;
        long stopped;
        Instant stoppedAt;
        long starting;
        Elapsed toRoutesWithout;
        Elapsed toRoutesWith;
        try {
            Thread.sleep(options.steady());
            try (RoutesWatcher without = RoutesWatcher.start(admins, SERVICE, options.poll(), RoutesWatcher::noLocal)) {
                stoppedAt = Instant.now();
                stopping = System.nanoTime();
                federation.stopEcho(ThreeRegions.A, SERVICE);
                stopped = System.nanoTime();
                sleepUntil(stopping + options.outage().toNanos());
                toRoutesWithout = Elapsed.between(stopping, without.allMetAtNanos(), options.outage());
            }
            try (RoutesWatcher with = RoutesWatcher.start(admins, SERVICE, options.poll(), RoutesWatcher::localFirst)) {
                starting = System.nanoTime();
                federation.startEcho(ThreeRegions.A, SERVICE);
                sleepUntil(starting + options.failbackWindow().toNanos());
                toRoutesWith = Elapsed.between(starting, with.allMetAtNanos(), options.failbackWindow());
            }
            timeline = new CallTimeline(load.stop());
        } finally {
            load.close();
        }
        long end = starting + options.failbackWindow().toNanos();
        return new Result(
                Elapsed.between(stopping, timeline.firstAt(stopping, starting, c -> c.servedBy(NEXT)), options.outage()),
                Elapsed.between(stopping, timeline.settledAt(stopping, starting, c -> c.servedBy(NEXT)), options.outage()),
                toRoutesWithout,
                Elapsed.of(stopping, stopped),
                Elapsed.between(starting, timeline.firstAt(starting, end, c -> c.servedBy(HOME)), options.failbackWindow()),
                toRoutesWith,
                Elapsed.between(starting, timeline.settledAt(starting, end, c -> c.servedBy(HOME)), options.failbackWindow()),
                (int) timeline.doneBefore(stopping).stream().filter(c -> !c.servedBy(HOME)).count(),
                timeline.inFlightAt(stopping).size(),
                (int) timeline.inFlightAt(stopping).stream().filter(c -> c.servedBy(NEXT)).count(),
                timeline.calls().size(), timeline.failed(),
                (int) timeline.between(stopping, starting).stream().filter(OpenLoopLoad.Call::failed).count(),
                timeline.failures(), stoppedAt);
    }

    /** Waits until every node of a routes {@code svc} to a's own endpoint first, as before any failure. */
    private static void awaitLocalFirst(List<Integer> admins) {
        Await.until("every node of a routes " + SERVICE + " to a's own endpoint first", Duration.ofSeconds(30),
                () -> admins.stream().allMatch(port -> RoutesWatcher.routes(port, SERVICE).map(RoutesWatcher::localFirst).orElse(false)));
    }

    static void sleepUntil(long nanoTime) throws InterruptedException {
        long left = nanoTime - System.nanoTime();
        if (left > 0) {
            Thread.sleep(Duration.ofNanos(left));
        }
    }
}

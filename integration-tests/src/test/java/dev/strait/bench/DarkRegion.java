package dev.strait.bench;

import dev.strait.gateway.node.GatewayNode;
import dev.strait.it.support.Admin;
import dev.strait.it.support.Await;
import dev.strait.it.support.ThreeRegions;
import dev.strait.policy.model.NodeId;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One remote failover under load: calls to {@code far.mesh}, served in b and c but not in a,
 * through every node of a (whose failover order is b, c); every gateway node of b stops, and the
 * calls must move to c. Alongside, a's nodes' routes are polled for b leaving them, which only
 * the probes of other regions' gateways decide. Then b's nodes start again, and the run waits
 * until a sends {@code far} to b again.
 */
final class DarkRegion {
    static final String SERVICE = "far";
    private static final String HOST = SERVICE + ".mesh";
    private static final String DARK = ThreeRegions.B.value();
    private static final String NEXT = ThreeRegions.C.value();
    private static final Duration RECOVERY = Duration.ofSeconds(60);

    /**
     * Times are counted from the moment b's nodes begin to close ({@code GatewayNode.close()}; its
     * listeners are the first part to stop).
     *
     * @param toPortRefused  until b's peer listener refuses connections (b is dark from here)
     * @param toFirstRerouted until the first call started that c served
     * @param toFullReroute  until the start of the first call after which c served every call
     * @param toRoutesWithout until every a node's routes leave b out (the probes' verdict)
     * @param routesWithoutPerNode the same for each node of a, in node order
     * @param close          how long closing b's nodes took
     * @param notDarkBefore  calls done before the close that b did not serve (should be none)
     * @param inFlight       calls that started before the close and ended after it
     * @param inFlightToNext of those, the ones c answered (b's close cut them and they were retried)
     * @param calls          calls made in the run
     * @param failed         calls that failed (not 200)
     * @param failures       what they failed with: status and error, and how many
     * @param recovery       from starting b's nodes again until a routes {@code far} to b again
     * @param portTaken      restarts of a b node that found one of its ports taken meanwhile and were retried
     * @param closedAt       when b began to close, by the wall clock, to match with the nodes' logs
     */
    record Result(Elapsed toPortRefused, Elapsed toFirstRerouted, Elapsed toFullReroute, Elapsed toRoutesWithout,
            List<Elapsed> routesWithoutPerNode, Elapsed close, int notDarkBefore, int inFlight, int inFlightToNext, int calls,
            int failed, Map<String, Integer> failures, Elapsed recovery, int portTaken, Instant closedAt) {}

    private DarkRegion() {}

    static Result run(ThreeRegions federation, FailoverBenchmark.Options options) throws Exception {
        List<GatewayNode> home = federation.runningNodes(ThreeRegions.A);
        List<Integer> admins = home.stream().map(GatewayNode::adminPort).toList();
        List<NodeId> dark = federation.nodeIds(ThreeRegions.B);
        List<Integer> darkPeerPorts = dark.stream().map(id -> federation.node(ThreeRegions.B, id).peerPort()).toList();

        OpenLoopLoad load = new OpenLoopLoad(home.stream().map(n -> "http://127.0.0.1:" + n.localPort()).toList(), HOST,
                options.rate()).start();
        CallTimeline timeline;
        long closing;
        long closed;
        Instant closedAt;
        long refused;
        Elapsed toRoutesWithout;
        List<Elapsed> routesWithoutPerNode;
        try {
            Thread.sleep(options.steady());
            try (RoutesWatcher without = RoutesWatcher.start(admins, SERVICE, options.poll(), r -> !RoutesWatcher.lists(r, DARK))) {
                AtomicLong refusedAt = new AtomicLong();
                Thread portWatch = Thread.ofVirtual().name("bench-port-watch").start(() -> refusedAt.set(awaitRefused(darkPeerPorts)));
                closedAt = Instant.now();
                closing = System.nanoTime();
                // Closed on another thread, so that the calls and the polling see b go dark as it happens.
                CompletableFuture<Void> closingAll = CompletableFuture.runAsync(() -> {
                    for (NodeId id : dark) {
                        try {
                            federation.stopNode(ThreeRegions.B, id);
                        } catch (Exception e) {
                            throw new IllegalStateException("stopping node b/" + id + ": " + e, e);
                        }
                    }
                }, runnable -> Thread.ofVirtual().name("bench-stop-b").start(runnable));
                closingAll.get(60, TimeUnit.SECONDS);
                closed = System.nanoTime();
                LocalFailover.sleepUntil(closing + options.darkWindow().toNanos());
                portWatch.join(Duration.ofSeconds(5));
                portWatch.interrupt();
                refused = refusedAt.get();
                toRoutesWithout = Elapsed.between(closing, without.allMetAtNanos(), options.darkWindow());
                routesWithoutPerNode = without.perNode(closing, options.darkWindow());
            }
            timeline = new CallTimeline(load.stop());
        } finally {
            load.close();
        }
        long end = closing + options.darkWindow().toNanos();

        long restarting = System.nanoTime();
        int portTaken = 0;
        for (NodeId id : dark) {
            portTaken += restart(federation, id);
        }
        awaitServedBy(federation, admins, home);
        Elapsed recovery = Elapsed.of(restarting, System.nanoTime());

        return new Result(
                refused == 0 ? new Elapsed(options.darkWindow().toMillis(), false) : Elapsed.of(closing, refused),
                Elapsed.between(closing, timeline.firstAt(closing, end, c -> c.servedBy(NEXT)), options.darkWindow()),
                Elapsed.between(closing, timeline.settledAt(closing, end, c -> c.servedBy(NEXT)), options.darkWindow()),
                toRoutesWithout,
                routesWithoutPerNode,
                Elapsed.of(closing, closed),
                (int) timeline.doneBefore(closing).stream().filter(c -> !c.servedBy(DARK)).count(),
                timeline.inFlightAt(closing).size(),
                (int) timeline.inFlightAt(closing).stream().filter(c -> c.servedBy(NEXT)).count(),
                timeline.calls().size(), timeline.failed(), timeline.failures(), recovery, portTaken, closedAt);
    }

    /**
     * Starts b's node {@code id} again on its ports; returns how many attempts found a port taken.
     * The ports are ephemeral ones that were free when the federation started; while the node is
     * down, any process on the machine may bind one (tests of other builds do), so a taken port is
     * waited out, and whoever holds it is printed.
     */
    private static int restart(ThreeRegions federation, NodeId id) throws Exception {
        long giveUp = System.nanoTime() + RECOVERY.toNanos();
        for (int taken = 0; ; taken++) {
            try {
                federation.restartNode(ThreeRegions.B, id);
                return taken;
            } catch (Exception e) {
                if (!(rootCause(e) instanceof BindException) || System.nanoTime() > giveUp) {
                    throw e;
                }
                System.err.println("restarting b/" + id + ": " + e.getMessage() + "; held by: " + holders(e.getMessage())
                        + "; retrying in 1 s");
                Thread.sleep(1_000);
            }
        }
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** What {@code ss} says about the sockets on the port named in {@code message} ("Failed to bind to /127.0.0.1:PORT"). */
    private static String holders(String message) {
        String port = message == null ? "" : message.replaceAll(".*:(\\d+).*", "$1");
        if (!port.matches("\\d+")) {
            return "(unknown port)";
        }
        try {
            Process ss = new ProcessBuilder("ss", "-tanp", "sport = :" + port).redirectErrorStream(true).start();
            String out = new String(ss.getInputStream().readAllBytes()).strip().replace('\n', ' ');
            ss.waitFor(5, TimeUnit.SECONDS);
            return out.isEmpty() ? "(nothing ss can see)" : out;
        } catch (IOException e) {
            return "(ss: " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }

    /**
     * Waits until the federation is whole again and every node of a sends {@code far} to b:
     * routes name b, and a few calls through each node in a row are served there (a node avoids
     * a gateway that refused a connection for a while after it comes back).
     */
    static void awaitServedBy(ThreeRegions federation, List<Integer> admins, List<GatewayNode> home) {
        Await.until("every node is federated again", RECOVERY, () -> federation.runningNodes(ThreeRegions.A).stream()
                .allMatch(n -> Admin.federated(n.adminPort())) && federation.runningNodes(ThreeRegions.B).stream()
                .allMatch(n -> Admin.federated(n.adminPort())) && federation.runningNodes(ThreeRegions.C).stream()
                .allMatch(n -> Admin.federated(n.adminPort())));
        Await.until("every node of a routes " + SERVICE + " to b first", RECOVERY, () -> admins.stream()
                .allMatch(port -> RoutesWatcher.routes(port, SERVICE)
                        .map(r -> r.path("candidates").path(0).path("region").asString("").equals(DARK)).orElse(false)));
        try (Probe probe = new Probe()) {
            Await.until("calls through every node of a are served by b", RECOVERY, () -> home.stream()
                    .allMatch(n -> probe.servedInARow(n.localPort(), HOST, DARK, 5)));
        }
    }

    /** Polls the ports until every one refuses a connection; when that was, or 0 if interrupted first. */
    private static long awaitRefused(List<Integer> ports) {
        List<Integer> open = new ArrayList<>(ports);
        while (!open.isEmpty() && !Thread.currentThread().isInterrupted()) {
            open.removeIf(DarkRegion::refuses);
            if (open.isEmpty()) {
                return System.nanoTime();
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                return 0;
            }
        }
        return open.isEmpty() ? System.nanoTime() : 0;
    }

    private static boolean refuses(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 100);
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A few sequential calls, for checks between runs. */
    private static final class Probe implements AutoCloseable {
        private final HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();

        boolean servedInARow(int port, String host, String region, int times) {
            for (int i = 0; i < times; i++) {
                try {
                    HttpResponse<Void> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/probe"))
                            .timeout(Duration.ofSeconds(2)).header("Host", host).GET().build(), HttpResponse.BodyHandlers.discarding());
                    if (response.statusCode() != 200 || !response.headers().firstValue("x-strait-region").orElse("").equals(region)) {
                        return false;
                    }
                } catch (IOException e) {
                    return false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }

        @Override
        public void close() {
            client.close();
        }
    }
}

package dev.strait.bench;

import dev.strait.gateway.node.GatewayNode;
import dev.strait.it.support.Admin;
import dev.strait.it.support.Await;
import dev.strait.it.support.ThreeRegions;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * One catalog change and its way to another region: an endpoint of {@code svc} is registered on
 * b's admin API (and, in a second measurement, deregistered), and every node of a is polled
 * until its routes show b's new count of healthy endpoints. The change travels: b's Raft commit,
 * b's routing snapshot, b's export stream, a's leader writing the import through a's Raft, and
 * each a node rebuilding its routing snapshot.
 */
final class CatalogPropagation {
    private static final String SERVICE = LocalFailover.SERVICE;
    private static final String FROM = ThreeRegions.B.value();
    private static final Duration GIVE_UP = Duration.ofSeconds(10);

    /**
     * Times from sending the admin request.
     *
     * @param write     until b's admin API answered (committed and applied on the b node written to)
     * @param firstNode until the first node of a showed the change
     * @param allNodes  until every node of a showed it
     */
    record Change(Elapsed write, Elapsed firstNode, Elapsed allNodes) {}

    /** A registration and the deregistration that undoes it. */
    record Result(Change register, Change deregister) {}

    private CatalogPropagation() {}

    static Result run(ThreeRegions federation, FailoverBenchmark.Options options, int run) throws IOException, InterruptedException {
        List<Integer> admins = federation.runningNodes(ThreeRegions.A).stream().map(GatewayNode::adminPort).toList();
        int before = healthyInB(admins);
        int bAdmin = federation.node(ThreeRegions.B).adminPort();
        String path = "/v1/catalog/" + SERVICE + "/endpoints/bench-" + run;
        // The echo's own address: b's health check finds it up, so the count stays put after the change.
        String body = "{\"address\":\"127.0.0.1:" + federation.echoPort(ThreeRegions.B, SERVICE) + "\"}";
        Change register = change(admins, options, before + 1, () -> Admin.send(bAdmin, "PUT", path, body));
        Thread.sleep(options.poll().multipliedBy(20));
        Change deregister = change(admins, options, before, () -> Admin.send(bAdmin, "DELETE", path, null));
        Thread.sleep(options.poll().multipliedBy(20));
        return new Result(register, deregister);
    }

    private interface AdminCall {
        HttpResponse<String> send() throws IOException;
    }

    private static Change change(List<Integer> admins, FailoverBenchmark.Options options, int expected, AdminCall call)
            throws IOException, InterruptedException {
        try (RoutesWatcher watcher = RoutesWatcher.start(admins, SERVICE, options.poll(),
                r -> RoutesWatcher.remoteHealthy(r, FROM) == expected)) {
            long sent = System.nanoTime();
            HttpResponse<String> answer = call.send();
            long answered = System.nanoTime();
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("b's admin API answered " + answer.statusCode() + ": " + answer.body());
            }
            watcher.awaitAll(GIVE_UP);
            return new Change(Elapsed.of(sent, answered), Elapsed.between(sent, watcher.firstMetAtNanos(), GIVE_UP),
                    Elapsed.between(sent, watcher.allMetAtNanos(), GIVE_UP));
        }
    }

    /** The healthy endpoints of {@code svc} in b that every node of a agrees on, once they agree. */
    private static int healthyInB(List<Integer> admins) {
        int[] agreed = new int[1];
        Await.until("every node of a shows the same healthy endpoints of " + SERVICE + " in b", GIVE_UP, () -> {
            List<Integer> counts = admins.stream()
                    .map(port -> RoutesWatcher.routes(port, SERVICE).map(r -> RoutesWatcher.remoteHealthy(r, FROM)).orElse(-1))
                    .distinct().toList();
            agreed[0] = counts.getFirst();
            return counts.size() == 1 && agreed[0] >= 1;
        });
        return agreed[0];
    }
}

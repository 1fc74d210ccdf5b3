package dev.strait.bench;

import dev.strait.it.support.Admin;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Polls {@code GET /v1/routes/{service}} on several nodes, one virtual thread each, and notes
 * when each node's answer first meets a condition. The time noted is when that answer arrived,
 * so it is late by at most one poll interval plus one admin round trip.
 */
final class RoutesWatcher implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final AtomicLongArray metAtNanos;
    private final List<Thread> pollers = new ArrayList<>();
    private volatile boolean stopped;

    private RoutesWatcher(int nodes) {
        this.metAtNanos = new AtomicLongArray(nodes);
    }

    /**
     * Starts polling {@code adminPorts} every {@code every} until each meets {@code condition},
     * applied to the body of a 200 answer (a 404 {@code unknown_service} counts as a route with
     * no candidates; other answers and no answer never meet it).
     */
    static RoutesWatcher start(List<Integer> adminPorts, String service, Duration every, Predicate<JsonNode> condition) {
        RoutesWatcher watcher = new RoutesWatcher(adminPorts.size());
        for (int i = 0; i < adminPorts.size(); i++) {
            int node = i;
            int port = adminPorts.get(i);
            watcher.pollers.add(Thread.ofVirtual().name("bench-routes-" + port).start(() -> {
                while (!watcher.stopped) {
                    if (routes(port, service).map(condition::test).orElse(false)) {
                        watcher.metAtNanos.set(node, System.nanoTime());
                        return;
                    }
                    try {
                        Thread.sleep(every);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }));
        }
        return watcher;
    }

    /** Waits up to {@code deadline} for every node to meet the condition; whether they all did. */
    boolean awaitAll(Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        for (Thread poller : pollers) {
            long left = end - System.nanoTime();
            if (left <= 0 || !poller.join(Duration.ofNanos(left))) {
                return allMet();
            }
        }
        return allMet();
    }

    private boolean allMet() {
        return IntStream.range(0, metAtNanos.length()).allMatch(i -> metAtNanos.get(i) != 0);
    }

    /** When the last node met the condition, if every node has. */
    OptionalLong allMetAtNanos() {
        if (!allMet()) {
            return OptionalLong.empty();
        }
        return IntStream.range(0, metAtNanos.length()).mapToLong(metAtNanos::get).max();
    }

    /** Per node, in the order given, the time from {@code fromNanos} until it met the condition, or more than {@code window}. */
    List<Elapsed> perNode(long fromNanos, Duration window) {
        return IntStream.range(0, metAtNanos.length())
                .mapToObj(i -> metAtNanos.get(i) == 0
                        ? new Elapsed(window.toNanos() / 1e6, false)
                        : Elapsed.of(fromNanos, metAtNanos.get(i)))
                .toList();
    }

    /** When the first node met the condition, if any has. */
    OptionalLong firstMetAtNanos() {
        return IntStream.range(0, metAtNanos.length()).mapToLong(metAtNanos::get).filter(t -> t != 0).min();
    }

    /** The body of the node's routes for {@code service}: empty when it does not answer 200 or 404 unknown_service. */
    static Optional<JsonNode> routes(int adminPort, String service) {
        try {
            HttpResponse<String> response = Admin.send(adminPort, "GET", "/v1/routes/" + service, null);
            JsonNode body = JSON.readTree(response.body());
            if (response.statusCode() == 200) {
                return Optional.of(body);
            }
            if (response.statusCode() == 404 && body.path("error").asString("").equals("unknown_service")) {
                return Optional.of(JSON.createObjectNode().set("candidates", JSON.createArrayNode()));
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Whether the first candidate of a routes body is the node's own region. */
    static boolean localFirst(JsonNode routes) {
        JsonNode first = routes.path("candidates").path(0);
        return first.path("kind").asString("").equals("local");
    }

    /** Whether a routes body names no local candidate (no routable local endpoint). */
    static boolean noLocal(JsonNode routes) {
        for (JsonNode candidate : routes.path("candidates")) {
            if (candidate.path("kind").asString("").equals("local")) {
                return false;
            }
        }
        return true;
    }

    /** Whether a routes body lists {@code region} as a candidate. */
    static boolean lists(JsonNode routes, String region) {
        for (JsonNode candidate : routes.path("candidates")) {
            if (candidate.path("region").asString("").equals(region)) {
                return true;
            }
        }
        return false;
    }

    /** The healthy endpoints a routes body reports for remote {@code region}, or -1 when it is no candidate. */
    static int remoteHealthy(JsonNode routes, String region) {
        for (JsonNode candidate : routes.path("candidates")) {
            if (candidate.path("kind").asString("").equals("remote") && candidate.path("region").asString("").equals(region)) {
                return candidate.path("healthyEndpoints").asInt(-1);
            }
        }
        return -1;
    }

    @Override
    public void close() {
        stopped = true;
        pollers.forEach(Thread::interrupt);
    }
}

package dev.strait.it.operations;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Continuous calls of one mesh name through one gateway's local listener by a few virtual
 * threads, each sending its next call as soon as the last one is answered. Calls take turns: a
 * GET, a POST with a body (never retried once it reached an upstream, so it fails if a gateway
 * loses it), and a GET that the endpoint answers only after {@code 200 ms}, so calls are in flight
 * whenever something happens to a gateway. Every call is recorded.
 */
final class SteadyCalls implements AutoCloseable {
    // A call that takes longer than this has failed as far as a caller under load is concerned.
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    /**
     * One call.
     *
     * @param status 0 when the call got no response at all (see {@code error})
     * @param region the {@code x-strait-region} of the response, or "-"
     * @param error  the {@code x-strait-error} of the response or the client's exception, and the body of a failed call
     */
    record Call(long startedNanos, long endedNanos, String method, String path, int status, String region, String error) {
        boolean failed() {
            return status != 200;
        }
    }

    private final String baseUrl;
    private final String host;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
    private final AtomicLong next = new AtomicLong();
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean running = true;

    /** Starts {@code workers} virtual threads calling {@code host} at {@code baseUrl}. */
    SteadyCalls(String baseUrl, String host, int workers) {
        this.baseUrl = baseUrl;
        this.host = host;
        for (int i = 0; i < workers; i++) {
            this.workers.add(Thread.ofVirtual().name("steady-calls-" + i).start(this::callUntilStopped));
        }
    }

    /** The calls answered so far, in no particular order. */
    List<Call> calls() {
        return List.copyOf(calls);
    }

    /** How many calls that started at or after {@code fromNanos} were answered 200. */
    long servedSince(long fromNanos) {
        return calls.stream().filter(c -> c.startedNanos() - fromNanos >= 0 && !c.failed()).count();
    }

    /** The failed calls so far, oldest first. */
    List<Call> failures() {
        return calls.stream().filter(Call::failed).sorted(Comparator.comparingLong(Call::startedNanos)).toList();
    }

    /** A one-line account: how many calls, served by which region, and every kind of failure with its first instance. */
    String describe() {
        Map<String, Integer> served = new TreeMap<>();
        Map<String, Integer> failed = new TreeMap<>();
        for (Call call : calls) {
            if (call.failed()) {
                failed.merge(call.status() + " " + call.method(), 1, Integer::sum);
            } else {
                served.merge(call.region(), 1, Integer::sum);
            }
        }
        List<Call> failures = failures();
        return calls.size() + " calls, served by " + served + ", failed " + failed
                + (failures.isEmpty() ? "" : "; the first failure: " + failures.getFirst());
    }

    private void callUntilStopped() {
        while (running) {
            long n = next.getAndIncrement();
            HttpRequest.Builder request = switch ((int) (n % 3)) {
                case 0 -> HttpRequest.newBuilder(URI.create(baseUrl + "/items/" + n)).GET();
                case 1 -> HttpRequest.newBuilder(URI.create(baseUrl + "/orders/" + n))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"order\": " + n + "}"));
                default -> HttpRequest.newBuilder(URI.create(baseUrl + "/slow?ms=200&call=" + n)).GET();
            };
            HttpRequest built = request.timeout(CALL_TIMEOUT).header("Host", host).build();
            long started = System.nanoTime();
            try {
                HttpResponse<String> response = client.send(built, HttpResponse.BodyHandlers.ofString());
                calls.add(new Call(started, System.nanoTime(), built.method(), built.uri().getPath(), response.statusCode(),
                        response.headers().firstValue("x-strait-region").orElse("-"),
                        response.statusCode() == 200 ? "" : response.headers().firstValue("x-strait-error").orElse("") + " " + response.body()));
            } catch (IOException e) {
                calls.add(new Call(started, System.nanoTime(), built.method(), built.uri().getPath(), 0, "-", e.toString()));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Stops the workers after their current call and waits for them. */
    void stop() {
        running = false;
        try {
            for (Thread worker : workers) {
                worker.join(CALL_TIMEOUT.plusSeconds(1));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
        client.close();
    }
}

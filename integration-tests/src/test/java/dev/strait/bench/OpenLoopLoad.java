package dev.strait.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Phaser;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.LockSupport;

/**
 * GETs of one mesh name at a fixed rate, whatever the answers: call {@code k} starts at
 * {@code k / rate} seconds on a virtual thread of its own, through the gateway listeners in
 * turn, so a slow or failing call never delays the next (open loop). Every call is recorded
 * with its start, its status and the {@code x-strait-region} that served it.
 */
final class OpenLoopLoad implements AutoCloseable {
    // A call that takes longer than this counts as failed; nothing in the benchmark should take 10 ms.
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(2);

    /**
     * One call.
     *
     * @param startNanos {@link System#nanoTime()} just before the request was sent
     * @param endNanos   when the answer (or the failure) came back
     * @param status     the HTTP status, or -1 when no answer came
     * @param region     {@code x-strait-region} of the answer, or empty
     * @param error      {@code x-strait-error} of the answer, the exception for calls without an answer, or empty
     * @param via        the index of the listener it went through
     */
    record Call(long startNanos, long endNanos, int status, String region, String error, int via) {
        boolean servedBy(String expected) {
            return status == 200 && region.equals(expected);
        }

        boolean failed() {
            return status != 200;
        }
    }

    private final List<URI> listeners;
    private final String host;
    private final long periodNanos;
    private final HttpClient client;
    private final ExecutorService callers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("bench-call-", 0).factory());
    private final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
    // Registers every call in flight, so that stop() can wait for the last ones.
    private final Phaser inFlight = new Phaser(1);
    private volatile boolean stopping;
    private Thread pacer;

    /**
     * @param listenerUrls the gateway listeners to call through, as {@code http://127.0.0.1:PORT}, in turn
     * @param host         the mesh name, sent as {@code Host}
     * @param ratePerSecond calls started per second, over all listeners together
     */
    OpenLoopLoad(List<String> listenerUrls, String host, int ratePerSecond) {
        this.listeners = listenerUrls.stream().map(url -> URI.create(url + "/bench")).toList();
        this.host = host;
        this.periodNanos = 1_000_000_000L / ratePerSecond;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CALL_TIMEOUT)
                .executor(Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("bench-client-", 0).factory()))
                .build();
    }

    /** Starts issuing calls; returns at once. */
    OpenLoopLoad start() {
        pacer = Thread.ofPlatform().name("bench-pacer").daemon().start(this::pace);
        return this;
    }

    private void pace() {
        long origin = System.nanoTime();
        for (long k = 0; !stopping; k++) {
            long due = origin + k * periodNanos;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            int via = (int) (k % listeners.size());
            URI target = listeners.get(via);
            inFlight.register();
            try {
                callers.execute(() -> {
                    try {
                        calls.add(call(target, via));
                    } finally {
                        inFlight.arriveAndDeregister();
                    }
                });
            } catch (RejectedExecutionException e) {
                inFlight.arriveAndDeregister();
                return; // closed without stop(), after a failure elsewhere
            }
        }
    }

    private Call call(URI target, int via) {
        HttpRequest request = HttpRequest.newBuilder(target).timeout(CALL_TIMEOUT).header("Host", host).GET().build();
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            String region = response.headers().firstValue("x-strait-region").orElse("");
            String error = response.headers().firstValue("x-strait-error").orElse(response.statusCode() == 200 ? "" : "no x-strait-error");
            return new Call(start, System.nanoTime(), response.statusCode(), region, error, via);
        } catch (HttpTimeoutException e) {
            return new Call(start, System.nanoTime(), -1, "", "timeout after " + CALL_TIMEOUT.toMillis() + " ms", via);
        } catch (IOException e) {
            return new Call(start, System.nanoTime(), -1, "", e.getClass().getSimpleName() + ": " + e.getMessage(), via);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Call(start, System.nanoTime(), -1, "", "interrupted", via);
        }
    }

    /** Stops issuing calls, waits for those in flight, and returns every call in order of start. */
    List<Call> stop() throws InterruptedException {
        stopping = true;
        if (pacer != null) {
            pacer.join();
        }
        inFlight.arriveAndAwaitAdvance();
        List<Call> all = new ArrayList<>(calls);
        all.sort(Comparator.comparingLong(Call::startNanos));
        return all;
    }

    /** The calls recorded so far, in no particular order; for checks while the load runs. */
    List<Call> soFar() {
        return List.copyOf(calls);
    }

    @Override
    public void close() {
        stopping = true;
        callers.close();
        client.close();
    }
}

package dev.strait.it.failover;

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
import java.util.function.Predicate;

/**
 * Continuous GETs of one mesh name, spread round-robin over gateway local listeners by a few
 * virtual threads, each sending its next call as soon as the last one is answered. Every call is
 * recorded: when it started and ended, where it went, its status, the region that served it
 * ({@code x-strait-region}) and the gateway's error code ({@code x-strait-error}), if any.
 */
final class SteadyLoad implements AutoCloseable {
    // A call that takes longer than this has failed as far as a caller under load is concerned.
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
    private static final String REGION = "x-strait-region";
    private static final String ERROR = "x-strait-error";

    /**
     * One call.
     *
     * @param status  0 when the call got no response at all (see {@code error})
     * @param region  the {@code x-strait-region} of the response, or "-"
     * @param error   the {@code x-strait-error} of the response, or the client's exception; "" when none
     * @param message the body of a failed call (the gateway's JSON error), "" for a call that succeeded
     */
    record Call(long startedNanos, long endedNanos, String baseUrl, int status, String region, String error, String message) {
        boolean failed() {
            return status != 200;
        }

        boolean servedBy(String expected) {
            return status == 200 && region.equals(expected);
        }

        long millisAfter(long instantNanos) {
            return Duration.ofNanos(startedNanos - instantNanos).toMillis();
        }

        long latencyMillis() {
            return Duration.ofNanos(endedNanos - startedNanos).toMillis();
        }
    }

    private final List<String> baseUrls;
    private final String host;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
    private final AtomicLong next = new AtomicLong();
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean running = true;

    /** Starts {@code workers} virtual threads calling {@code host} at {@code baseUrls} in turn. */
    SteadyLoad(List<String> baseUrls, String host, int workers) {
        this.baseUrls = List.copyOf(baseUrls);
        this.host = host;
        for (int i = 0; i < workers; i++) {
            this.workers.add(Thread.ofVirtual().name("steady-load-" + i).start(this::callUntilStopped));
        }
    }

    /** The calls answered so far, in no particular order. */
    List<Call> calls() {
        return List.copyOf(calls);
    }

    /** The calls answered so far that started at or after {@code fromNanos} and before {@code toNanos}. */
    List<Call> startedBetween(long fromNanos, long toNanos) {
        return calls.stream().filter(c -> c.startedNanos() - fromNanos >= 0 && c.startedNanos() - toNanos < 0).toList();
    }

    /** The calls answered so far that started at or after {@code fromNanos}. */
    List<Call> startedSince(long fromNanos) {
        return calls.stream().filter(c -> c.startedNanos() - fromNanos >= 0).toList();
    }

    /** How many answered calls started at or after {@code fromNanos}. */
    long countStartedSince(long fromNanos) {
        return calls.stream().filter(c -> c.startedNanos() - fromNanos >= 0).count();
    }

    /**
     * Whether at least {@code count} answered calls started at or after {@code fromNanos}, and the
     * {@code count} that started last all match {@code test}.
     */
    boolean lastMatch(long fromNanos, int count, Predicate<Call> test) {
        List<Call> since = startedSince(fromNanos).stream().sorted(Comparator.comparingLong(Call::startedNanos)).toList();
        return since.size() >= count && since.subList(since.size() - count, since.size()).stream().allMatch(test);
    }

    /** A one-line account of {@code calls}: how many, served by which region, and every kind of failure. */
    static String describe(List<Call> calls) {
        Map<String, Integer> served = new TreeMap<>();
        Map<String, Integer> failures = new TreeMap<>();
        for (Call call : calls) {
            if (call.failed()) {
                failures.merge(call.status() + " " + call.error(), 1, Integer::sum);
            } else {
                served.merge(call.region(), 1, Integer::sum);
            }
        }
        return calls.size() + " calls, served by " + served + ", failed " + failures;
    }

    /**
     * When the failed calls among {@code calls} started, in ms after {@code sinceNanos}, and what
     * the first and the last of them were answered; "" when none failed.
     */
    static String describeFailures(List<Call> calls, long sinceNanos) {
        List<Call> failed = calls.stream().filter(Call::failed).sorted(Comparator.comparingLong(Call::startedNanos)).toList();
        if (failed.isEmpty()) {
            return "";
        }
        return String.format("; failed calls started %d to %d ms after; the first: %s; the last: %s",
                failed.getFirst().millisAfter(sinceNanos), failed.getLast().millisAfter(sinceNanos),
                account(failed.getFirst()), account(failed.getLast()));
    }

    private static String account(Call call) {
        return String.format("%s, %d %s in %d ms: %s", call.baseUrl(), call.status(), call.error(), call.latencyMillis(), call.message());
    }

    private void callUntilStopped() {
        while (running) {
            long n = next.getAndIncrement();
            String baseUrl = baseUrls.get((int) (n % baseUrls.size()));
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/items/" + n))
                    .timeout(CALL_TIMEOUT)
                    .header("Host", host)
                    .GET()
                    .build();
            long started = System.nanoTime();
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                calls.add(new Call(started, System.nanoTime(), baseUrl, response.statusCode(),
                        response.headers().firstValue(REGION).orElse("-"),
                        response.headers().firstValue(ERROR).orElse(""),
                        response.statusCode() == 200 ? "" : response.body()));
            } catch (IOException e) {
                calls.add(new Call(started, System.nanoTime(), baseUrl, 0, "-", e.getClass().getSimpleName(),
                        String.valueOf(e.getMessage())));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Stops the workers after their current call and waits for them; calling it again does nothing more. */
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

package dev.strait.gateway.accesslog;

import dev.strait.gateway.pipeline.CallObserver;
import dev.strait.gateway.pipeline.CallOutcome;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's access log: one JSON line per call ({@link AccessLogLine}), formatted on the call's
 * thread and handed to a bounded queue that one writer thread drains to standard output or a
 * file, flushing after each batch. The call never waits for the disk: when the queue is full the
 * line is dropped and counted ({@link #dropped()}). Calls that went well (status below 500, no
 * error of the gateway's own) are logged at the settings' sample rate; the others always are.
 * Closing writes what is still queued.
 */
public final class AccessLog implements CallObserver, AutoCloseable {
    /** Lines waiting for the writer at most. */
    static final int DEFAULT_CAPACITY = 8192;
    // Lines written between flushes at most, so a busy log still reaches the disk steadily.
    private static final int BATCH = 512;
    // How long closing waits for the writer to drain the queue before it gives up on the rest.
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);
    // Put in the queue to wake the writer when the log closes; compared by identity.
    private static final String WAKE_UP = new String("");
    private static final Logger LOG = LoggerFactory.getLogger(AccessLog.class);

    private final BlockingQueue<String> queue;
    private final Writer out;
    private final double sampleRate;
    private final DoubleSupplier sample;
    private final LongAdder dropped = new LongAdder();
    private final AtomicBoolean formatFailureLogged = new AtomicBoolean();
    private final Thread writer;
    private volatile boolean closing;

    /**
     * @param name       names the writer thread ({@code access-log-NAME})
     * @param out        where lines go; closing the log closes it
     * @param sampleRate the share of calls that went well to log, 0 to 1
     * @param capacity   lines the queue holds at most
     * @param sample     a uniform number in [0, 1) per call that went well; it is logged when below the rate
     */
    AccessLog(String name, Writer out, double sampleRate, int capacity, DoubleSupplier sample) {
        if (capacity < 1) {
            throw new IllegalArgumentException("access log queue capacity " + capacity + " (expected: 1 or more)");
        }
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.out = Objects.requireNonNull(out, "out");
        this.sampleRate = sampleRate;
        this.sample = Objects.requireNonNull(sample, "sample");
        this.writer = Thread.ofPlatform().name("access-log-" + name).daemon().start(this::drain);
    }

    /**
     * Starts the access log {@code settings} ask for, its writer thread named after the node
     * {@code name}; empty when they ask for none. A file is created if missing (its directory too)
     * and appended to.
     */
    public static Optional<AccessLog> start(String name, AccessLogSettings settings) throws IOException {
        return switch (settings.destination()) {
            case AccessLogSettings.Destination.Off _ -> Optional.empty();
            case AccessLogSettings.Destination.Stdout _ -> Optional.of(new AccessLog(name,
                    new BatchedPrintStreamWriter(System.out), settings.sampleRate(), DEFAULT_CAPACITY,
                    () -> ThreadLocalRandom.current().nextDouble()));
            case AccessLogSettings.Destination.File file -> Optional.of(new AccessLog(name, open(file.path()),
                    settings.sampleRate(), DEFAULT_CAPACITY, () -> ThreadLocalRandom.current().nextDouble()));
        };
    }

    private static Writer open(Path path) throws IOException {
        Path directory = path.toAbsolutePath().getParent();
        if (directory != null) {
            Files.createDirectories(directory);
        }
        return Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
    }

    @Override
    public void completed(CallOutcome call) {
        boolean wentWell = call.status() < 500 && call.error().isEmpty();
        if (wentWell && sampleRate < 1 && !(sample.getAsDouble() < sampleRate)) {
            return;
        }
        String line;
        try {
            line = AccessLogLine.of(call);
        } catch (RuntimeException e) {
            // An observer must not fail the call it observes.
            dropped.increment();
            if (formatFailureLogged.compareAndSet(false, true)) {
                LOG.warn("cannot format an access log line; such lines are dropped", e);
            }
            return;
        }
        if (closing || !queue.offer(line)) {
            dropped.increment();
        }
    }

    /** Lines dropped since start because the queue was full (or the log closed, or a write failed). */
    public long dropped() {
        return dropped.sum();
    }

    // Runs on the writer thread only.
    private void drain() {
        List<String> batch = new ArrayList<>(BATCH);
        boolean failing = false;
        while (!(closing && queue.isEmpty())) {
            String first;
            try {
                first = queue.take();
            } catch (InterruptedException e) {
                // The log never interrupts its writer; whoever does wants it gone, queue and all.
                return;
            }
            batch.add(first);
            queue.drainTo(batch, BATCH - 1);
            try {
                for (String line : batch) {
                    if (line != WAKE_UP) {
                        out.write(line);
                        out.write('\n');
                    }
                }
                out.flush();
                if (failing) {
                    LOG.info("the access log is written again");
                    failing = false;
                }
            } catch (IOException | RuntimeException e) {
                // What of the batch reached the output before the failure is unknown: all of it counts as lost.
                dropped.add(batch.stream().filter(line -> line != WAKE_UP).count());
                if (!failing) {
                    LOG.warn("cannot write the access log; its lines are dropped until writing works again", e);
                    failing = true;
                }
            }
            batch.clear();
        }
    }

    /** Stops taking lines, waits for the writer to write what is queued (10 s at most), and closes a file (standard output stays open). */
    @Override
    public void close() throws IOException {
        if (closing) {
            return;
        }
        closing = true;
        // Wakes a writer waiting on an empty queue; a full queue wakes it anyway.
        queue.offer(WAKE_UP);
        try {
            if (!writer.join(DRAIN_TIMEOUT)) {
                LOG.warn("the access log writer did not drain its queue within {} s; {} lines are lost",
                        DRAIN_TIMEOUT.toSeconds(), queue.size());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        out.close();
    }
}

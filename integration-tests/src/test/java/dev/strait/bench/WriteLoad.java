package dev.strait.bench;

import dev.strait.federation.catalog.RegionCommand.RegisterEndpoint;
import dev.strait.federation.raft.CommandRejectedException;
import dev.strait.federation.raft.RegionUnavailableException;
import dev.strait.policy.model.EndpointId;
import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.ServiceName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * {@code writers} virtual threads, each issuing {@link RegisterEndpoint} writes back to back for a
 * warm-up and then a measured window. Writer {@code w}'s {@code k}-th write goes through node
 * {@code (w + k) mod 3}, so every level mixes writes entering at the leader and at followers as
 * admin API calls would. Each writer cycles through {@value #IDS_PER_WRITER} endpoint ids with a
 * new port every time, so every write changes the catalog and the catalog stays bounded.
 */
final class WriteLoad {
    static final int IDS_PER_WRITER = 8;
    private static final ServiceName SERVICE = ServiceName.of(LoopbackRegion.SERVICE);

    /**
     * One measured window.
     *
     * @param writers   concurrent writers
     * @param completed writes that started and returned (committed and applied on the writing node) within the window
     * @param failed    writes that failed within the window (refused or not committed in time)
     * @param window    the measured window
     * @param latency   latency in nanoseconds of the completed writes
     */
    record Result(int writers, long completed, long failed, Duration window, Histogram latency) {
        double writesPerSecond() {
            return completed / (window.toNanos() / 1e9);
        }

        double percentileMillis(double percentile) {
            return latency.getValueAtPercentile(percentile) / 1e6;
        }
    }

    private WriteLoad() {}

    static Result run(LoopbackRegion region, int writers, Duration warmup, Duration window) throws InterruptedException {
        Recorder recorder = new Recorder(3);
        LongAdder completed = new LongAdder();
        LongAdder failed = new LongAdder();
        long measureFrom = System.nanoTime() + warmup.toNanos();
        long measureUntil = measureFrom + window.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            threads.add(Thread.ofVirtual().name("bench-writer-" + w).start(() -> {
                for (long k = 0; ; k++) {
                    long start = System.nanoTime();
                    if (start >= measureUntil) {
                        return;
                    }
                    boolean ok = write(region, writer, k);
                    long end = System.nanoTime();
                    if (start >= measureFrom && end <= measureUntil) {
                        if (ok) {
                            recorder.recordValue(end - start);
                            completed.increment();
                        } else {
                            failed.increment();
                        }
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        return new Result(writers, completed.sum(), failed.sum(), window, recorder.getIntervalHistogram());
    }

    private static boolean write(LoopbackRegion region, int writer, long k) {
        RegisterEndpoint command = new RegisterEndpoint(SERVICE,
                EndpointId.of("w" + writer + "-" + (k % IDS_PER_WRITER)),
                new HostPort("127.0.0.1", 10_000 + (int) (k % 50_000)));
        try {
            region.node((int) ((writer + k) % 3)).write(command);
            return true;
        } catch (CommandRejectedException | RegionUnavailableException e) {
            return false;
        }
    }
}

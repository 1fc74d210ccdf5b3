package dev.strait.gateway.drill.load;

import dev.strait.gateway.drill.scenario.LoadSpec;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Semaphore;

/**
 * Runs one {@link LoadSpec} open-loop: call {@code i} is due at {@code i / rate} seconds from the
 * start of the drill, computed from the start and never from the previous call, so the schedule
 * does not slow down when the system does (no coordinated omission). Each call runs on its own
 * virtual thread; a call that falls due while {@code concurrency} calls are in flight is recorded
 * as not sent instead of being delayed. If the scheduler itself falls behind, overdue calls are
 * started at once and keep their due time, so the wait shows up in their latency.
 *
 * <p>Start with {@link #start}; {@link #await()} returns when the schedule has run out and every
 * call has ended; {@link #stop()} ends the schedule early.
 */
public final class OpenLoopLoad {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final LoadSpec spec;
    private final Caller caller;
    private final DrillClock clock;
    private final long runForNanos;
    private final CallRecorder recorder;
    private final Semaphore inFlight;
    private volatile boolean stopped;
    private Thread scheduler;

    OpenLoopLoad(LoadSpec spec, Caller caller, DrillClock clock, Duration runFor, CallRecorder recorder) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.caller = Objects.requireNonNull(caller, "caller");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.runForNanos = Objects.requireNonNull(runFor, "runFor").toNanos();
        this.recorder = Objects.requireNonNull(recorder, "recorder");
        this.inFlight = new Semaphore(spec.concurrency());
    }

    /**
     * Starts {@code spec} against {@code target}, for its own duration or {@code drillDuration},
     * whichever is shorter, with offsets from {@code clock}'s start.
     */
    public static OpenLoopLoad start(LoadSpec spec, LoadTarget target, LoadTransport transport, DrillClock clock,
            Duration drillDuration, CallRecorder recorder) {
        Duration runFor = spec.duration().filter(d -> d.compareTo(drillDuration) < 0).orElse(drillDuration);
        Caller caller = switch (spec.request()) {
            case LoadSpec.Request.Http http -> new HttpCaller(transport, target, http);
            case LoadSpec.Request.Grpc grpc -> new GrpcCaller(transport, target, grpc);
        };
        return new OpenLoopLoad(spec, caller, clock, runFor, recorder).start();
    }

    OpenLoopLoad start() {
        scheduler = Thread.ofVirtual().name("drill-load-" + spec.name()).start(this::schedule);
        return this;
    }

    /** The number of calls the schedule holds: every due time before the end of the run. */
    long scheduledCalls() {
        // Due times are computed the same way in schedule(), so this count is exact.
        long calls = 0;
        while (dueNanos(calls) < runForNanos) {
            calls++;
        }
        return calls;
    }

    private long dueNanos(long index) {
        return (long) Math.floor(index * (NANOS_PER_SECOND / spec.rate()));
    }

    private void schedule() {
        for (long i = 0; !stopped; i++) {
            long due = dueNanos(i);
            if (due >= runForNanos) {
                return;
            }
            try {
                clock.awaitOffset(due);
            } catch (InterruptedException e) {
                return;
            }
            if (stopped) {
                return;
            }
            if (!inFlight.tryAcquire()) {
                recorder.record(CallResult.notSent(spec.name(), due));
                continue;
            }
            Thread.ofVirtual().name("drill-call-" + spec.name() + "-" + i).start(() -> call(due));
        }
    }

    private void call(long due) {
        try {
            Caller.Answer answer;
            try {
                answer = caller.call();
            } catch (RuntimeException e) {
                answer = Caller.Answer.noAnswer(HttpCaller.reason(e));
            }
            long latency = Math.max(0, clock.elapsedNanos() - due);
            recorder.record(new CallResult(spec.name(), due, latency, answer.outcome(), answer.region(), answer.error()));
        } finally {
            inFlight.release();
        }
    }

    /** Ends the schedule: no further call starts; calls in flight run to their end. */
    public void stop() {
        stopped = true;
        scheduler.interrupt();
    }

    /** Waits until the schedule has ended and every call it started has ended. */
    public void await() throws InterruptedException {
        scheduler.join();
        inFlight.acquire(spec.concurrency());
        inFlight.release(spec.concurrency());
    }

    public LoadSpec spec() {
        return spec;
    }
}

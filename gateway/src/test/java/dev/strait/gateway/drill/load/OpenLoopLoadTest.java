package dev.strait.gateway.drill.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.gateway.drill.scenario.LoadSpec;
import dev.strait.gateway.echo.EchoOptions;
import dev.strait.gateway.echo.EchoServer;
import dev.strait.policy.model.EndpointId;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The open loop: calls start on schedule whatever the system does, and the excess over concurrency is recorded as not sent. */
class OpenLoopLoadTest {
    private static final ServiceName PAYMENTS = ServiceName.of("payments");
    private static final RegionName US_EAST = RegionName.of("us-east");

    private static EchoServer echo;
    private static LoadTransport transport;

    @BeforeAll
    static void start() {
        echo = EchoServer.start(EchoOptions.loopback(PAYMENTS, US_EAST, EndpointId.of("payments-1")));
        transport = LoadTransport.start(Duration.ofSeconds(20));
    }

    @AfterAll
    static void stop() {
        transport.close();
        echo.close();
    }

    @Test
    void aSlowSystemDoesNotSlowTheScheduleAndTheExcessIsNotSent() throws Exception {
        // Every call takes 3 s, longer than the 1 s schedule: none ends while calls are still due.
        var spec = new LoadSpec("slow", PAYMENTS, US_EAST, 200, 20, Optional.empty(), new LoadSpec.Request.Http("GET", "/slow?ms=3000", 0));
        var recorder = new CallRecorder();

        OpenLoopLoad load = OpenLoopLoad.start(spec, target(LoadTarget.HttpProtocol.HTTP_1_1), transport, DrillClock.startingNow(),
                Duration.ofSeconds(1), recorder);
        load.await();

        List<CallResult> results = recorder.results();
        assertThat(results).hasSize(200);
        assertThat(results).filteredOn(CallResult::sent).hasSize(20)
                .allSatisfy(r -> assertThat(r.outcome()).isEqualTo(new CallResult.Outcome.Http(200)));
        assertThat(results).filteredOn(r -> !r.sent()).hasSize(180).allMatch(CallResult::failed);
        // Due times follow the schedule (every 5 ms), not the answers.
        assertThat(results.get(199).startNanos()).isEqualTo(995_000_000L);
    }

    @ParameterizedTest
    @EnumSource(LoadTarget.HttpProtocol.class)
    void recordsStatusesAndFailures(LoadTarget.HttpProtocol protocol) throws Exception {
        var ok = new LoadSpec("ok-" + protocol, PAYMENTS, US_EAST, 100, 50, Optional.of(Duration.ofMillis(100)),
                new LoadSpec.Request.Http("POST", "/drill", 512));
        var broken = new LoadSpec("broken-" + protocol, PAYMENTS, US_EAST, 100, 50, Optional.empty(),
                new LoadSpec.Request.Http("GET", "/drill?status=503", 0));
        var recorder = new CallRecorder();
        var clock = DrillClock.startingNow();

        OpenLoopLoad first = OpenLoopLoad.start(ok, target(protocol), transport, clock, Duration.ofMillis(200), recorder);
        OpenLoopLoad second = OpenLoopLoad.start(broken, target(protocol), transport, clock, Duration.ofMillis(100), recorder);
        first.await();
        second.await();

        assertThat(recorder.results()).filteredOn(r -> r.load().equals(ok.name())).hasSize(10)
                .allSatisfy(r -> {
                    assertThat(r.outcome()).isEqualTo(new CallResult.Outcome.Http(200));
                    assertThat(r.failed()).isFalse();
                });
        assertThat(recorder.results()).filteredOn(r -> r.load().equals(broken.name())).hasSize(10)
                .allSatisfy(r -> {
                    assertThat(r.outcome()).isEqualTo(new CallResult.Outcome.Http(503));
                    assertThat(r.failed()).isTrue();
                });
    }

    @Test
    void grpcUnaryCallsAreAnswered() throws Exception {
        var spec = new LoadSpec("grpc", PAYMENTS, US_EAST, 40, 64, Optional.empty(), new LoadSpec.Request.Grpc("strait.echo.v1.Echo/Unary"));
        var recorder = new CallRecorder();

        OpenLoopLoad.start(spec, target(LoadTarget.HttpProtocol.H2C), transport, DrillClock.startingNow(), Duration.ofMillis(250), recorder)
                .await();

        assertThat(recorder.results()).hasSize(10).allSatisfy(r -> {
            assertThat(r.outcome()).isEqualTo(new CallResult.Outcome.Grpc(0));
            assertThat(r.failed()).isFalse();
        });
    }

    @Test
    void anUnknownGrpcMethodIsAFailedAnswer() throws Exception {
        var spec = new LoadSpec("grpc-missing", PAYMENTS, US_EAST, 40, 64, Optional.empty(), new LoadSpec.Request.Grpc("strait.echo.v1.Echo/Missing"));
        var recorder = new CallRecorder();

        OpenLoopLoad.start(spec, target(LoadTarget.HttpProtocol.H2C), transport, DrillClock.startingNow(), Duration.ofMillis(100), recorder)
                .await();

        assertThat(recorder.results()).hasSize(4).allSatisfy(r -> {
            assertThat(r.outcome()).isEqualTo(new CallResult.Outcome.Grpc(12));
            assertThat(r.error()).contains("UNIMPLEMENTED");
            assertThat(r.failed()).isTrue();
        });
    }

    @Test
    void aRefusedConnectionIsNoAnswer() throws Exception {
        int closedPort;
        try (var socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        var spec = new LoadSpec("refused", PAYMENTS, US_EAST, 40, 8, Optional.empty(), new LoadSpec.Request.Http("GET", "/", 0));
        var recorder = new CallRecorder();
        var target = LoadTarget.of(URI.create("http://127.0.0.1:" + closedPort), "payments", "mesh", LoadTarget.HttpProtocol.HTTP_1_1);

        OpenLoopLoad.start(spec, target, transport, DrillClock.startingNow(), Duration.ofMillis(100), recorder).await();

        assertThat(recorder.results()).hasSize(4)
                .allSatisfy(r -> assertThat(r.outcome()).isInstanceOf(CallResult.Outcome.NoAnswer.class))
                .allMatch(CallResult::failed);
    }

    @Test
    void withAManualClockExactlyConcurrencyCallsAreSentWhileAllHang() throws Exception {
        var ticker = new ManualTicker();
        var release = new CountDownLatch(1);
        var started = new AtomicLong();
        Caller hanging = () -> {
            started.incrementAndGet();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new Caller.Answer(new CallResult.Outcome.Http(200), Optional.of(US_EAST), Optional.empty());
        };
        var spec = new LoadSpec("manual", PAYMENTS, US_EAST, 100, 10, Optional.empty(), new LoadSpec.Request.Http("GET", "/", 0));
        var recorder = new CallRecorder();
        var load = new OpenLoopLoad(spec, hanging, new DrillClock(ticker), Duration.ofSeconds(1), recorder);
        assertThat(load.scheduledCalls()).isEqualTo(100);

        load.start();
        ticker.awaitPastNanos(990_000_000L);
        release.countDown();
        load.await();

        assertThat(started).hasValue(10);
        assertThat(recorder.results()).hasSize(100);
        assertThat(recorder.results()).filteredOn(r -> !r.sent()).hasSize(90)
                .extracting(CallResult::startNanos).first().isEqualTo(100_000_000L);
        assertThat(recorder.results()).filteredOn(CallResult::sent)
                .allSatisfy(r -> assertThat(r.region()).contains(US_EAST));
    }

    private static LoadTarget target(LoadTarget.HttpProtocol protocol) {
        return LoadTarget.of(echo.uri(), "payments", "mesh", protocol);
    }

    /** Time moves only when the schedule waits, straight to the time it waits for. */
    private static final class ManualTicker implements DrillClock.Ticker {
        private final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();
        private final java.util.concurrent.locks.Condition moved = lock.newCondition();
        private long now;

        @Override
        public long nanoTime() {
            lock.lock();
            try {
                return now;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void parkUntil(long nanoTime) {
            lock.lock();
            try {
                now = Math.max(now, nanoTime);
                moved.signalAll();
            } finally {
                lock.unlock();
            }
        }

        void awaitPastNanos(long nanoTime) throws InterruptedException {
            lock.lock();
            try {
                while (now < nanoTime) {
                    moved.await();
                }
            } finally {
                lock.unlock();
            }
        }
    }
}

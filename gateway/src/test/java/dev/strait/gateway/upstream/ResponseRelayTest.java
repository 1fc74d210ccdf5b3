package dev.strait.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.strait.gateway.pipeline.GatewayError;
import dev.strait.gateway.upstream.AttemptFailedException.Reach;
import dev.strait.policy.model.RegionName;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.Test;

class ResponseRelayTest {
    private static final RegionName WEST = RegionName.of("west");

    private final RecordingClientResponse client = new RecordingClientResponse();
    private final ManualScheduler scheduler = new ManualScheduler();
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final HeadersTimeouts timeouts = new HeadersTimeouts(scheduler, Duration.ofSeconds(5), Duration.ofSeconds(15), now::get, () -> true);

    @Test
    void aPeerGatewaysNoHealthyUpstreamIsNotRelayedButRefusesTheAttempt() {
        ResponseRelay relay = fromPeerGateway();

        boolean relayed = relay.begin(503, HttpFields.build().put("x-strait-error", "no_healthy_upstream"));

        assertThat(relayed).isFalse();
        AttemptFailedException failure = failureOf(relay);
        assertThat(failure.reach()).isEqualTo(Reach.REFUSED_BY_PEER);
        assertThat(failure.error().error()).isEqualTo(GatewayError.NO_HEALTHY_UPSTREAM);
        assertThat(failure.targetFailed()).as("the peer gateway is alive").isFalse();
        assertThat(client.isCommitted()).isFalse();
    }

    @Test
    void soIsItsGrpcTrailersOnlyForm() {
        ResponseRelay relay = fromPeerGateway();

        boolean relayed = relay.begin(200, HttpFields.build()
                .put("content-type", "application/grpc")
                .put("grpc-status", "14")
                .put("grpc-message", "no healthy endpoint")
                .put("x-strait-error", "no_healthy_upstream"));

        assertThat(relayed).isFalse();
        assertThat(failureOf(relay).reach()).isEqualTo(Reach.REFUSED_BY_PEER);
    }

    @Test
    void otherGrpcErrorsOfAPeerGatewayReachTheClient() {
        ResponseRelay relay = fromPeerGateway();

        boolean relayed = relay.begin(200, HttpFields.build()
                .put("content-type", "application/grpc")
                .put("grpc-status", "14")
                .put("x-strait-error", "upstream_unavailable"));

        assertThat(relayed).isTrue();
        assertThat(client.headersSent().get("grpc-status")).isEqualTo("14");
    }

    @Test
    void anEndpointsAnswerIsRelayedWhateverItSays() {
        ResponseRelay relay = new ResponseRelay(client, true, WEST);

        boolean relayed = relay.begin(503, HttpFields.build().put("x-strait-error", "no_healthy_upstream"));

        assertThat(relayed).isTrue();
        assertThat(client.headersSent().get("x-strait-region")).isEqualTo("west");
    }

    @Test
    void noHeadersInTimeFailsTheAttemptAsSentAndBlamesTheTarget() {
        ResponseRelay relay = fromPeerGateway();
        relay.requestSent(timeouts);
        assertThat(scheduler.tasks()).singleElement().satisfies(task ->
                assertThat(task.delayNanos).isEqualTo(Duration.ofSeconds(5).toNanos()));

        scheduler.fireAll();

        AttemptFailedException failure = failureOf(relay);
        assertThat(failure.reach()).isEqualTo(Reach.SENT);
        assertThat(failure.error().error()).isEqualTo(GatewayError.UPSTREAM_TIMEOUT);
        assertThat(failure.error().getMessage()).contains("per-try timeout of 5000 ms");
        assertThat(failure.targetFailed()).isTrue();
        assertThat(relay.begin(200, HttpFields.EMPTY)).as("headers after the timeout are dropped").isFalse();
        assertThat(client.isCommitted()).isFalse();
    }

    @Test
    void headersInTimeStopTheClock() {
        ResponseRelay relay = fromPeerGateway();
        relay.requestSent(timeouts);

        assertThat(relay.begin(200, HttpFields.EMPTY)).isTrue();

        assertThat(scheduler.tasks()).singleElement().satisfies(task -> assertThat(task.cancelled).isTrue());
        relay.headersTimedOut(new HeadersTimeouts.HeadersTimeoutException("late"));
        relay.finish(null);
        assertThatCode(relay::awaitAttempt).doesNotThrowAnyException();
        assertThat(client.complete()).isTrue();
    }

    @Test
    void laterAttemptsGetWhatIsLeftOfTheCallsTime() {
        fromPeerGateway().requestSent(timeouts);
        now.addAndGet(Duration.ofSeconds(12).toNanos());
        assertThat(timeouts.callExpired()).isFalse();

        ResponseRelay second = fromPeerGateway();
        second.requestSent(timeouts);

        assertThat(scheduler.tasks().get(1).delayNanos).isEqualTo(Duration.ofSeconds(3).toNanos());
        scheduler.tasks().get(1).task.run();
        assertThat(failureOf(second).error().getMessage()).contains("call's 15000 ms");
        now.addAndGet(Duration.ofSeconds(3).toNanos());
        assertThat(timeouts.callExpired()).isTrue();
    }

    @Test
    void resetsAndTimeoutsBlameTheTargetACleanCloseDoesNot() {
        assertThat(ResponseRelay.targetFailed(new TimeoutException("idle"))).isTrue();
        assertThat(ResponseRelay.targetFailed(new Http2Forwarder.UpstreamResetException("reset"))).isTrue();
        assertThat(ResponseRelay.targetFailed(new IOException("wrapped", new SocketException("Connection reset")))).isTrue();
        assertThat(ResponseRelay.targetFailed(new EOFException("HttpConnectionOverHTTP@1"))).isFalse();
        assertThat(ResponseRelay.targetFailed(new ClosedChannelException())).isFalse();
    }

    @Test
    void aResetAfterTheUpstreamsResponseEndedDoesNotCostTheClientItsEnd() {
        ResponseRelay relay = new ResponseRelay(client, true, WEST);
        relay.begin(200, HttpFields.build().put("content-type", "application/grpc"));
        client.holdWrites();

        relay.finish(HttpFields.build().put("grpc-status", "0"));
        // The upstream resets the request side it no longer needs while the trailers are still being written.
        relay.upstreamFailed(new Http2Forwarder.UpstreamResetException("the upstream reset the stream (cancel_stream_error)"));
        client.releaseWrites();

        assertThatCode(relay::awaitAttempt).doesNotThrowAnyException();
        assertThat(client.trailersSent().get("grpc-status")).isEqualTo("0");
    }

    @Test
    void aResetBeforeTheUpstreamsResponseEndedFailsIt() {
        ResponseRelay relay = new ResponseRelay(client, true, WEST);
        relay.begin(200, HttpFields.EMPTY);

        relay.upstreamFailed(new Http2Forwarder.UpstreamResetException("reset"));

        assertThat(failureOf(relay).reach()).isEqualTo(Reach.FINAL);
    }

    @Test
    void aStreamRefusedUnprocessedWasNotSent() {
        ResponseRelay relay = fromPeerGateway();

        relay.fail(new Http2Forwarder.StreamRefusedException());

        AttemptFailedException failure = failureOf(relay);
        assertThat(failure.reach()).isEqualTo(Reach.NOT_SENT);
        assertThat(failure.targetFailed()).isTrue();
    }

    @Test
    void aFailureAfterTheClientHasHeadersIsFinal() {
        ResponseRelay relay = fromPeerGateway();
        relay.begin(200, HttpFields.EMPTY);

        relay.fail(new Http2Forwarder.UpstreamResetException("reset"));

        assertThat(failureOf(relay).reach()).isEqualTo(Reach.FINAL);
    }

    private ResponseRelay fromPeerGateway() {
        return new ResponseRelay(client, true, null);
    }

    private static AttemptFailedException failureOf(ResponseRelay relay) {
        return catchThrowableOfType(AttemptFailedException.class, relay::awaitAttempt);
    }
}
